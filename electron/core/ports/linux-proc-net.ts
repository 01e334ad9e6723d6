import { endianness } from 'node:os';
import { formatIpv6 } from './address.ts';
import type { LinuxSocketRow } from './linux-socket-row.ts';
import type { AddressFamily } from '../model/ports.ts';

/** TCP state code for LISTEN in /proc/net/tcp (include/net/tcp_states.h: TCP_LISTEN = 10). */
const TCP_LISTEN = '0A';

/**
 * Parses /proc/net/tcp (family IPv4) or /proc/net/tcp6 (IPv6) into listening sockets.
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 0100007F:BDC3 00000000:0000 0A 00000000:00000000 00:00000000 00000000 65534        0 14879 …
 *
 * The address is the kernel's in-memory bytes printed as 32-bit words in host order
 * (little-endian here), so each 8-hex-digit word is byte-reversed; the port is plain hex.
 * `uid` is the socket owner even when its process's fds are unreadable. Owners are not in
 * this file (the reader finds them by inode).
 */
export function parseProcNetTcp(text: string, family: AddressFamily): LinuxSocketRow[] {
  const rows: LinuxSocketRow[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !/^\d+:$/.test(fields[0])) continue;
    if (fields[3].toUpperCase() !== TCP_LISTEN) continue;
    const [hexAddress, hexPort] = fields[1].split(':');
    const address = decodeProcAddress(hexAddress, family);
    if (address === null || !/^[0-9A-Fa-f]{4}$/.test(hexPort ?? '')) continue;
    rows.push({
      address,
      port: parseInt(hexPort, 16),
      family,
      uid: Number(fields[7]),
      inode: Number(fields[9]),
    });
  }
  return rows;
}

/**
 * Decodes the hex address column: 8 hex digits for IPv4, 32 for IPv6, each 32-bit word
 * byte-reversed (little-endian host). `0100007F` is 127.0.0.1;
 * `00000000000000000000000001000000` is ::1.
 */
export function decodeProcAddress(hex: string, family: AddressFamily, littleEndian: boolean = endianness() === 'LE'): string | null {
  const words = family === 'IPv4' ? 1 : 4;
  if (!new RegExp(`^[0-9A-Fa-f]{${words * 8}}$`).test(hex)) return null;
  const bytes: number[] = [];
  for (let w = 0; w < words; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    const order = littleEndian ? [3, 2, 1, 0] : [0, 1, 2, 3];
    for (const b of order) bytes.push(parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  return family === 'IPv4' ? bytes.join('.') : formatIpv6(bytes);
}
