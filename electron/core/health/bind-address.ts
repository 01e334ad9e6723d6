/**
 * The address a command line says it binds, from the flags dev servers take: `--host X`
 * (uvicorn, vite, flask), `--bind X` (python -m http.server, gunicorn `-b host:port`),
 * `--hostname`/`-H` (next), `-h X` only with an address after it (flask; elsewhere -h is
 * help). Only literal addresses count: "localhost" may mean 127.0.0.1 or ::1 depending on
 * the resolver, and a host name may mean anything, so both give null (not known), and the
 * diagnostics then say which addresses are free instead of guessing.
 */
import { isIP } from 'node:net';

const HOST_FLAGS = new Set(['--host', '--bind', '-b', '--hostname', '-H', '-h']);

/** Words of a command line, quotes removed (enough for flags and their values). */
function words(command: string): string[] {
  return (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
}

/** "127.0.0.1", "0.0.0.0:8000", "[::1]:8000", "::" → the address; anything else null. */
export function literalAddress(value: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1]! : null;
  if (isIP(value) !== 0) return value;
  const hostPort = /^([^:]+):\d+$/.exec(value);
  if (hostPort && isIP(hostPort[1]!) === 4) return hostPort[1]!;
  return null;
}

/** The literal address the command binds, or null when it does not say (or says a name). */
export function bindAddressOf(command: string): string | null {
  const w = words(command);
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    const eq = /^(--host|--bind|--hostname)=(.*)$/.exec(word);
    if (eq) return literalAddress(eq[2]!);
    if (HOST_FLAGS.has(word) && i + 1 < w.length) {
      const address = literalAddress(w[i + 1]!);
      if (address !== null || word !== '-h') return address;
    }
  }
  return null;
}
