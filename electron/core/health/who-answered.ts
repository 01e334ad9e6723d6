/**
 * "Who answered": given the server address a probe's socket was connected to, find the
 * listener that accepted it in the snapshot.
 *
 * Method (chosen over asking `ss` for the established connection, which costs one more
 * process per probe): the kernel delivers a connection to the most specific listening socket
 * — a socket bound to the exact address first, then the wildcard of the same family
 * (0.0.0.0), then a dual-stack IPv6 wildcard (`::`) for IPv4 clients. We apply the same
 * order to the snapshot's listeners on the probed port. When that socket is shared by
 * several pids (fork after listen, SO_REUSEPORT) the kernel picks one we can't see; the
 * caller treats the answer as foreign when ANY of those pids is outside the managed tree.
 */
import type { ListenerRecord } from '../model/ports.ts';

/** '::ffff:127.0.0.1' → '127.0.0.1'; '[::1]' → '::1'; lower-case. */
export function normalizeAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (a === '*') return '::';
  return a;
}

function isIPv4(address: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(address);
}

/** The listener rows of the socket a connection to `remoteAddress`:`port` reaches. */
export function listenersReached(remoteAddress: string, port: number, listeners: readonly ListenerRecord[]): ListenerRecord[] {
  const target = normalizeAddress(remoteAddress);
  const onPort = listeners.filter((l) => l.port === port);
  const at = (address: string): ListenerRecord[] => onPort.filter((l) => normalizeAddress(l.address) === address);
  const exact = at(target);
  if (exact.length > 0) return exact;
  if (isIPv4(target)) {
    const any4 = at('0.0.0.0');
    if (any4.length > 0) return any4;
  }
  return at('::');
}
