import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, parseProcNetTcp } from '../../../electron/core/ports/linux-proc-net.ts';
import { parseSsListeners } from '../../../electron/core/ports/linux-ss.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ports/linux/${name}`, import.meta.url), 'utf8');

describe('parseProcNetTcp', () => {
  it('reads only LISTEN (0A) rows with address, port, uid and inode', () => {
    const rows = parseProcNetTcp(fixture('proc-net-tcp.txt'), 'IPv4');
    expect(rows).toContainEqual({ address: '127.0.0.1', port: 40525, family: 'IPv4', uid: 0, inode: 25982 });
    expect(rows).toContainEqual({ address: '0.0.0.0', port: 2024, family: 'IPv4', uid: 0, inode: 631 });
    expect(rows).toHaveLength(5);
  });

  it('reads IPv6 rows: ::1, the wildcard and IPv4-mapped addresses', () => {
    const rows = parseProcNetTcp(fixture('proc-net-tcp6.txt'), 'IPv6');
    expect(rows.map((r) => [r.address, r.port, r.inode])).toEqual([
      ['::ffff:127.0.0.1', 58107, 26022],
      ['::', 43097, 25963],
      ['::1', 39073, 25253],
      ['::1', 40525, 25993],
    ]);
  });

  it('finds the same sockets as ss recorded at the same moment', () => {
    const proc = [...parseProcNetTcp(fixture('proc-net-tcp.txt'), 'IPv4'), ...parseProcNetTcp(fixture('proc-net-tcp6.txt'), 'IPv6')];
    const ss = parseSsListeners(fixture('ss-ltnHe.txt'));
    const key = (r: { address: string; port: number; family: string; inode: number | null }) =>
      `${r.family} ${r.address} ${r.port} ${r.inode}`;
    expect(proc.map(key).sort()).toEqual(ss.map(key).sort());
  });

  it("reports another user's socket uid", () => {
    const text =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:BDC3 00000000:0000 0A 00000000:00000000 00:00000000 00000000 65534        0 14879 1 00000000f583d301 100 0 0 10 0\n' +
      '   2: 020200C0:859E 507100CB:01BB 01 00000000:00000000 02:00000014 00000000     0        0 14607 2 00000000fe69207a 20 4 28 94 -1\n';
    expect(parseProcNetTcp(text, 'IPv4')).toEqual([{ address: '127.0.0.1', port: 48579, family: 'IPv4', uid: 65534, inode: 14879 }]);
  });
});

describe('decodeProcAddress', () => {
  it('byte-reverses each 32-bit word on little-endian hosts', () => {
    expect(decodeProcAddress('0100007F', 'IPv4', true)).toBe('127.0.0.1');
    expect(decodeProcAddress('0101A8C0', 'IPv4', true)).toBe('192.168.1.1');
    expect(decodeProcAddress('00000000000000000000000001000000', 'IPv6', true)).toBe('::1');
    expect(decodeProcAddress('000080FE00000000FF2F1C1E0100FFFE', 'IPv6', true)).toBe('fe80::1e1c:2fff:feff:1');
  });

  it('keeps the byte order on big-endian hosts', () => {
    expect(decodeProcAddress('7F000001', 'IPv4', false)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000000000001', 'IPv6', false)).toBe('::1');
  });

  it('rejects text of the wrong length', () => {
    expect(decodeProcAddress('0100007', 'IPv4', true)).toBeNull();
    expect(decodeProcAddress('0100007F', 'IPv6', true)).toBeNull();
  });
});
