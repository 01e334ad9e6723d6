import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSsListeners } from '../../../electron/core/ports/linux-ss.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ports/linux/${name}`, import.meta.url), 'utf8');

describe('parseSsListeners', () => {
  it('reads the reference ss -ltnpH rows: several owners, wildcard *, [::1], no owner', () => {
    expect(parseSsListeners(fixture('ss-ltnpH-reference.txt'))).toEqual([
      { address: '0.0.0.0', port: 41010, family: 'IPv4', inode: null, uid: null, owners: [{ pid: 14830, name: 'python3' }, { pid: 14783, name: 'python3' }] },
      { address: '::', port: 41002, family: 'IPv6', inode: null, uid: null, owners: [{ pid: 14442, name: 'node' }] },
      { address: '::1', port: 41007, family: 'IPv6', inode: null, uid: null, owners: [{ pid: 14637, name: 'python3' }] },
      { address: '0.0.0.0', port: 2024, family: 'IPv4', inode: null, uid: null, owners: null },
    ]);
  });

  it('reads inode and uid from -e, taking a missing uid: as root', () => {
    const rows = parseSsListeners(fixture('ss-ltnpHe-edge.txt'));
    expect(rows).toHaveLength(11);
    expect(rows[0]).toMatchObject({ port: 41010, inode: 90001, uid: 0 });
    expect(rows[1]).toMatchObject({ port: 41002, address: '::', family: 'IPv6', inode: 90002, uid: 1000 });
    expect(rows[3]).toEqual({ address: '0.0.0.0', port: 2024, family: 'IPv4', inode: 631, uid: 0, owners: null });
    expect(rows[4]).toEqual({ address: '127.0.0.1', port: 80, family: 'IPv4', inode: 90005, uid: 33, owners: null });
  });

  it('keeps process names with spaces, commas and parentheses, and lists a pid once', () => {
    const rows = parseSsListeners(fixture('ss-ltnpHe-edge.txt'));
    expect(rows[5]).toMatchObject({ port: 8080, uid: 1000, inode: 90006, owners: [{ pid: 2001, name: 'my (odd) app' }] });
    expect(rows[6]).toMatchObject({ port: 5000, owners: [{ pid: 2002, name: 'tool, v2' }] });
  });

  it('drops %iface scope suffixes and keeps IPv4-mapped and link-local IPv6 addresses', () => {
    const rows = parseSsListeners(fixture('ss-ltnpHe-edge.txt'));
    expect(rows.slice(6, 11).map((r) => [r.address, r.port, r.family])).toEqual([
      ['0.0.0.0', 5000, 'IPv4'],
      ['::', 5001, 'IPv6'],
      ['fe80::1c2f:ff:fe00:1', 5002, 'IPv6'],
      ['::ffff:127.0.0.1', 5003, 'IPv6'],
      ['::', 8080, 'IPv6'],
    ]);
  });

  it('parses recorded output of all four flag sets consistently', () => {
    const plain = parseSsListeners(fixture('ss-ltnH.txt'));
    const withOwners = parseSsListeners(fixture('ss-ltnpH.txt'));
    const withInodes = parseSsListeners(fixture('ss-ltnHe.txt'));
    const both = parseSsListeners(fixture('ss-ltnpHe.txt'));
    const key = (r: { address: string; port: number; family: string }) => `${r.family} ${r.address} ${r.port}`;
    expect(plain.map(key)).toEqual(both.map(key));
    expect(withOwners.map(key)).toEqual(both.map(key));
    expect(withInodes.map(key)).toEqual(both.map(key));
    expect(plain).toHaveLength(9);
    expect(plain.every((r) => r.owners === null && r.inode === null)).toBe(true);
    expect(withInodes.every((r) => r.owners === null && r.inode !== null && r.uid === 0)).toBe(true);
    // Listen then fork: one socket, two holders.
    expect(both.find((r) => r.port === 41705)?.owners?.map((o) => o.pid)).toEqual([10970, 10929]);
    // SO_REUSEPORT: two sockets on one port, one holder each.
    expect(both.filter((r) => r.port === 49659).map((r) => r.owners?.[0].pid)).toEqual([10826, 10785]);
    // 127.0.0.1 and ::1 on one port.
    expect(both.filter((r) => r.port === 40525).map((r) => [r.address, r.family])).toEqual([
      ['127.0.0.1', 'IPv4'],
      ['::1', 'IPv6'],
    ]);
    // Node 24 renames its main thread, which is the comm ss prints.
    expect(both.find((r) => r.port === 39073)?.owners).toEqual([{ pid: 10867, name: 'MainThread' }]);
  });

  it('ignores headers, blank lines and non-LISTEN rows', () => {
    const text = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n\nESTAB 0 0 127.0.0.1:5000 127.0.0.1:40000\nLISTEN 0 5 127.0.0.1:5000 0.0.0.0:*\n';
    expect(parseSsListeners(text)).toEqual([{ address: '127.0.0.1', port: 5000, family: 'IPv4', inode: null, uid: null, owners: null }]);
  });

  it('accepts rows with a Netid column and rows without a State column', () => {
    expect(parseSsListeners('tcp LISTEN 0 5 127.0.0.1:7000 0.0.0.0:*\n0 5 [::1]:7001 [::]:*')).toMatchObject([
      { address: '127.0.0.1', port: 7000 },
      { address: '::1', port: 7001, family: 'IPv6' },
    ]);
  });
});
