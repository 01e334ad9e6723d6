/**
 * A TCP port nothing listens on a moment ago, for tests and benchmarks that need one: bind
 * port 0 on `::` (dual-stack, so the port is free on IPv4 and IPv6 alike), read the port the
 * OS chose, close. Not to be confused with freePort, the kill transaction that frees a held
 * port (electron/core/processes/free-port.ts).
 */
import { createServer } from 'node:net';

export function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '::' }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
