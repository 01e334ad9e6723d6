/**
 * HTTP and TCP probes. node:http (not fetch) because the probe must know which address the
 * socket that answered was connected to: that is how we tell WHO answered (see
 * who-answered.ts). Every request uses a fresh connection (agent: false) so the answer comes
 * from the listener that accepts now, not from a kept-alive socket of an earlier owner.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

export interface ProbeResult {
  /** HTTP status; null for TCP probes and failures. */
  status: number | null;
  ok: boolean;
  latencyMs: number | null;
  error?: string;
  /** The server address the socket was connected to ('127.0.0.1', '::1', …). */
  remoteAddress: string | null;
}

export interface ProbeOptions {
  timeoutMs: number;
  now?: () => number;
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.code === 'ABORT_ERR') return `timed out after ${timeoutMs} ms`;
  if (e?.code === 'ECONNREFUSED') return 'connection refused (nothing listens)';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  return e?.message ?? String(error);
}

/** GET `url`; ok when the status is `expectStatus`. The body is read and discarded (bounded). */
export function probeHttp(url: string, expectStatus: number, options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? performance.now.bind(performance);
  const started = now();
  return new Promise((resolve) => {
    let remoteAddress: string | null = null;
    let settled = false;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ status: null, ok: false, latencyMs: null, error: `invalid URL ${url}`, remoteAddress: null });
      return;
    }
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      target,
      {
        method: 'GET',
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { 'user-agent': 'portwarden-health', connection: 'close' },
        // Self-signed dev certificates are the norm on localhost; we check who answers, not TLS.
        rejectUnauthorized: false,
      },
      (res) => {
        const latencyMs = Math.round((now() - started) * 10) / 10;
        const status = res.statusCode ?? null;
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > 1_000_000) res.destroy();
        });
        res.on('error', () => undefined);
        res.resume();
        finish({
          status,
          ok: status === expectStatus,
          latencyMs,
          remoteAddress,
          ...(status === expectStatus ? {} : { error: `expected ${expectStatus}, got ${status}` }),
        });
      },
    );
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        remoteAddress = socket.remoteAddress ?? null;
      });
    });
    req.on('error', (error) =>
      finish({ status: null, ok: false, latencyMs: null, error: describeError(error, options.timeoutMs), remoteAddress }),
    );
    req.end();
  });
}

/** Plain TCP connect to host:port; ok when the connection is accepted. */
export function probeTcp(host: string, port: number, options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? performance.now.bind(performance);
  const started = now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ status: null, ok: false, latencyMs: null, error: `timed out after ${options.timeoutMs} ms`, remoteAddress: null });
    }, options.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      const remoteAddress = socket.remoteAddress ?? null;
      socket.destroy();
      resolve({ status: null, ok: true, latencyMs: Math.round((now() - started) * 10) / 10, remoteAddress });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: null, ok: false, latencyMs: null, error: describeError(error, options.timeoutMs), remoteAddress: null });
    });
  });
}
