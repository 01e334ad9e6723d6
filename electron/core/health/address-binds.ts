/**
 * "Cannot bind" is only true for the address a program binds. A port held on ::1 alone (what
 * Vite does for "localhost" on Node >= 17) or on 127.0.0.1 alone leaves the other loopback
 * family free, and a server that binds there starts fine. When the dual-stack test bind of
 * diagnostics.ts fails, each address a dev server commonly binds is tried on its own, so the
 * check can say which addresses are taken and which are free instead of "cannot bind it".
 */
import type { BindOutcome } from './bind-test.ts';

/** What dev servers bind: the IPv4 loopback, every IPv4 address, the IPv6 loopback, every address (dual stack). */
export const COMMON_BIND_ADDRESSES = ['127.0.0.1', '0.0.0.0', '::1', '::'] as const;

export interface AddressBinds {
  /** Addresses a test bind succeeded on. */
  free: string[];
  /** Addresses where the port is in use (EADDRINUSE). */
  taken: string[];
}

/**
 * Test-bind each address in turn (never two at once: a bind of 0.0.0.0 would collide with our
 * own 127.0.0.1). An address this machine does not have (no IPv6) is in neither list.
 */
export async function bindByAddress(
  port: number,
  bind: (port: number, host: string) => Promise<BindOutcome>,
  addresses: readonly string[] = COMMON_BIND_ADDRESSES,
): Promise<AddressBinds> {
  const out: AddressBinds = { free: [], taken: [] };
  for (const host of addresses) {
    const outcome = await bind(port, host);
    if (outcome.ok) out.free.push(host);
    else if (outcome.code === 'EADDRINUSE') out.taken.push(host);
  }
  return out;
}

/** "::1" → "::1", "::" → ":: (every address)", "0.0.0.0" → "0.0.0.0 (every IPv4 address)". */
export function addressLabel(host: string): string {
  if (host === '::') return ':: (every address)';
  if (host === '0.0.0.0') return '0.0.0.0 (every IPv4 address)';
  return host;
}
