/**
 * DNS-rebinding and cross-site checks for the product service, the same rule as the control
 * API's (electron/core/server/security.ts): the Host header must name this server — a
 * loopback name or the address it is bound to, with its port — and an Origin header, when
 * present, must be one of those same origins. A page on another origin (another localhost
 * port included) or a rebinding DNS name therefore gets 403 before any route runs.
 *
 * Binding a non-loopback address (`--host 10.0.0.5`, `--host 0.0.0.0`) opens the service on
 * purpose, so that address is accepted too; a wildcard bind accepts every address of this
 * machine's interfaces and its host name. Names a load balancer or DNS puts in front of the
 * service are added explicitly (`allowedHosts`, `--allow-host`).
 */
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a client address is loopback (127.0.0.0/8, ::1, IPv4-mapped 127.x). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** An address as it appears in a Host header: IPv6 in brackets, lower case. */
function hostName(address: string): string {
  const a = address.toLowerCase();
  return a.includes(':') && !a.startsWith('[') ? `[${a}]` : a;
}

/** Host names (without port) this server answers to when bound to `boundHost`. */
export function acceptedHostNames(boundHost: string, extra: readonly string[] = []): Set<string> {
  // The bound address itself always (also 0.0.0.0: the URL the service prints names it).
  const names = new Set<string>([...LOOPBACK_NAMES, hostName(boundHost)]);
  if (isWildcard(boundHost)) {
    for (const list of Object.values(networkInterfaces())) {
      // Link-local IPv6 addresses need a zone id that no Host header carries.
      for (const a of list ?? []) if (!a.address.startsWith('fe80:')) names.add(hostName(a.address));
    }
    names.add(hostname().toLowerCase());
  }
  for (const name of extra) names.add(hostName(name));
  return names;
}

export interface RequestGuard {
  /** Null when the request may proceed, else the reason for a 403. */
  check(req: IncomingMessage): string | null;
}

/** Builds the check for a server bound to `boundHost` and listening on `port`. */
export function createRequestGuard(boundHost: string, port: number, extra: readonly string[] = []): RequestGuard {
  const hosts = new Set<string>();
  const origins = new Set<string>();
  for (const name of acceptedHostNames(boundHost, extra)) {
    hosts.add(`${name}:${port}`);
    origins.add(`http://${name}:${port}`);
    if (port === 80) {
      hosts.add(name);
      origins.add(`http://${name}`);
    }
  }
  const expected = `expected ${[...hosts].slice(0, 3).join(', ')}${hosts.size > 3 ? ', …' : ''}`;
  return {
    check(req) {
      const host = req.headers.host;
      if (host === undefined || (!hosts.has(host) && !hosts.has(host.toLowerCase()))) {
        return `Host ${JSON.stringify(host ?? '')} is not this server (${expected})`;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin.toLowerCase())) {
        return `Origin ${JSON.stringify(origin)} may not use this server`;
      }
      return null;
    },
  };
}
