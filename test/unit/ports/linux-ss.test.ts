import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mentionedInodes, parseOwnerCandidates, parseSsListeners } from '../../../electron/core/ports/linux-ss.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ports/linux/${name}`, import.meta.url), 'utf8');

describe('parseSsListeners (rows: ss without -p)', () => {
  it('reads inode and uid from -e, taking a missing uid: as root', () => {
    const rows = parseSsListeners(fixture('ss-ltnHe-edge.txt'));
    expect(rows).toHaveLength(11);
    expect(rows[0]).toEqual({ address: '0.0.0.0', port: 41010, family: 'IPv4', inode: 90001, uid: 0 });
    expect(rows[1]).toMatchObject({ port: 41002, address: '::', family: 'IPv6', inode: 90002, uid: 1000 });
    expect(rows[3]).toEqual({ address: '0.0.0.0', port: 2024, family: 'IPv4', inode: 631, uid: 0 });
    expect(rows[4]).toEqual({ address: '127.0.0.1', port: 80, family: 'IPv4', inode: 90005, uid: 33 });
  });

  it('drops %iface scope suffixes and keeps IPv4-mapped and link-local IPv6 addresses', () => {
    const rows = parseSsListeners(fixture('ss-ltnHe-edge.txt'));
    expect(rows.slice(6, 11).map((r) => [r.address, r.port, r.family])).toEqual([
      ['0.0.0.0', 5000, 'IPv4'],
      ['::', 5001, 'IPv6'],
      ['fe80::1c2f:ff:fe00:1', 5002, 'IPv6'],
      ['::ffff:127.0.0.1', 5003, 'IPv6'],
      ['::', 8080, 'IPv6'],
    ]);
  });

  it('parses recorded output with and without -e consistently', () => {
    const plain = parseSsListeners(fixture('ss-ltnH.txt'));
    const withInodes = parseSsListeners(fixture('ss-ltnHe.txt'));
    const key = (r: { address: string; port: number; family: string }) => `${r.family} ${r.address} ${r.port}`;
    expect(plain.map(key)).toEqual(withInodes.map(key));
    expect(plain).toHaveLength(9);
    expect(plain.every((r) => r.inode === null && r.uid === null)).toBe(true);
    expect(withInodes.every((r) => r.inode !== null && r.uid === 0)).toBe(true);
    // SO_REUSEPORT: two sockets on one port; 127.0.0.1 and ::1 on one port.
    expect(withInodes.filter((r) => r.port === 49659)).toHaveLength(2);
    expect(withInodes.filter((r) => r.port === 40525).map((r) => [r.address, r.family])).toEqual([
      ['127.0.0.1', 'IPv4'],
      ['::1', 'IPv6'],
    ]);
  });

  it('rows of renamed listeners come from ss without -p, where no name is printed', () => {
    // Recorded: four listeners renamed ev"il, bad\, "x\n0 0 *:1 *" and ",pid=1,fd=3))". With
    // -p the newline splits a row and a continuation line parses as a fake row on port 1, so
    // the reader never takes rows from -p output (linux.ts).
    expect(parseSsListeners(fixture('ss-ltnpHe-hostile.txt')).some((r) => r.port === 1)).toBe(true);
    expect(parseSsListeners(fixture('ss-ltnHe-hostile.txt')).map((r) => [r.port, r.inode])).toEqual([
      [46859, 663029],
      [42573, 662191],
      [37189, 663030],
      [34995, 662190],
    ]);
  });

  it('ignores headers, blank lines and non-LISTEN rows', () => {
    const text =
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n\nESTAB 0 0 127.0.0.1:5000 127.0.0.1:40000\nLISTEN 0 5 127.0.0.1:5000 0.0.0.0:*\n';
    expect(parseSsListeners(text)).toEqual([{ address: '127.0.0.1', port: 5000, family: 'IPv4', inode: null, uid: null }]);
  });

  it('accepts rows with a Netid column and rows without a State column', () => {
    expect(parseSsListeners('tcp LISTEN 0 5 127.0.0.1:7000 0.0.0.0:*\n0 5 [::1]:7001 [::]:*')).toMatchObject([
      { address: '127.0.0.1', port: 7000 },
      { address: '::1', port: 7001, family: 'IPv6' },
    ]);
  });
});

describe('parseOwnerCandidates and mentionedInodes (ss -p, claims only)', () => {
  it('finds every pid/fd pair, a socket shared by two processes and one pid holding it twice', () => {
    const pairs = parseOwnerCandidates(fixture('ss-ltnpHe-edge.txt'));
    expect(pairs).toContainEqual({ pid: 14830, fd: 3 });
    expect(pairs).toContainEqual({ pid: 14783, fd: 3 });
    expect(pairs.filter((p) => p.pid === 2002)).toEqual([
      { pid: 2002, fd: 5 },
      { pid: 2002, fd: 9 },
    ]);
    expect(pairs.some((p) => p.pid === 2001)).toBe(true); // the name "my (odd) app" does not hide it
  });

  it('on hostile names: the real pairs are found, and a forged pair is only a claim', () => {
    const pairs = parseOwnerCandidates(fixture('ss-ltnpHe-hostile.txt'));
    for (const pid of [9965, 9966, 9967, 9969]) expect(pairs).toContainEqual({ pid, fd: 3 }); // ev"il, bad\, newline, forger
    expect(pairs).toContainEqual({ pid: 1, fd: 3 }); // written by the name ",pid=1,fd=3))": checked against /proc, never trusted
    expect([...mentionedInodes(fixture('ss-ltnpHe-hostile.txt'))].sort()).toEqual([662190, 662191, 663029, 663030]);
  });
});
