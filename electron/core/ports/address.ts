import type { AddressFamily } from '../model/ports.ts';

/** A listening socket's local address, split and normalised. */
export interface LocalAddress {
  address: string;
  port: number;
  family: AddressFamily;
}

/**
 * Splits `host:port` as ss, lsof and netstat print it: `127.0.0.1:80`, `[::1]:80`, `*:80`,
 * `0.0.0.0%lo:80` (socket bound to an interface), `[fe80::1]%eth0:80`, `[::ffff:127.0.0.1]:80`.
 * The interface suffix is dropped (the record has no field for it). `*` is the IPv6 wildcard
 * `::` (ss prints a dual-stack `::` socket that way; `0.0.0.0` and `[::]` are printed as such).
 * Returns null when the text has no valid port.
 */
export function parseHostPort(text: string, wildcard: AddressFamily = 'IPv6'): LocalAddress | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port > 65_535) return null;
  let host = text.slice(0, colon);
  let bracketed = false;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return null;
    host = host.slice(1, end);
    bracketed = true;
  }
  const scope = host.indexOf('%');
  if (scope >= 0) host = host.slice(0, scope);
  if (host === '*' || host === '') {
    return { address: wildcard === 'IPv6' ? '::' : '0.0.0.0', port, family: wildcard };
  }
  const family: AddressFamily = bracketed || host.includes(':') ? 'IPv6' : 'IPv4';
  return { address: family === 'IPv6' ? host.toLowerCase() : host, port, family };
}

/**
 * Formats 16 bytes as RFC 5952 text (`::1`, `fe80::1`, `::ffff:127.0.0.1` for IPv4-mapped
 * addresses, as ss prints them).
 */
export function formatIpv6(bytes: readonly number[]): string {
  if (bytes.length !== 16) throw new Error(`IPv6 address needs 16 bytes, got ${bytes.length}`);
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // Longest run of zero groups (length >= 2) becomes '::'; the first such run on a tie.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}
