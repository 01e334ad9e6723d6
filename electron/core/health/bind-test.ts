/**
 * "Why can't I bind?": try to listen on host:port for real and explain a failure.
 */
import { createServer } from 'node:net';

export type BindOutcome = { ok: true } | { ok: false; code: string; message: string };

/** Listen on host:port and close again. Never throws. */
export function tryBind(port: number, host: string): Promise<BindOutcome> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, code: error.code ?? 'UNKNOWN', message: error.message });
    });
    // exclusive: a cluster worker must not share a primary's handle and "succeed".
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve({ ok: true }));
    });
  });
}
