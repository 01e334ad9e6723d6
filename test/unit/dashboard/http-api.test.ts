/**
 * The renderer's HTTP client and event-stream reader against a real HTTP server on a free
 * loopback port (node:http), so fetch, streaming bodies and reconnection are exercised for real.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import { ApiError } from '../../../renderer/src/lib/api-error.ts';
import type { ConnectionStatus } from '../../../renderer/src/lib/event-stream.ts';
import { createHttpApi } from '../../../renderer/src/lib/http-api.ts';

let server: Server | null = null;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

async function until<T>(get: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createHttpApi', () => {
  it('sends the bearer token and maps the routes', async () => {
    const seen: string[] = [];
    const base = await serve((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          req.url === '/api/config' && req.method === 'PUT'
            ? body
            : JSON.stringify({ port: 8000, free: true, elapsedMs: 1, actions: [], refused: false }),
        );
      });
    });
    const api = createHttpApi({ baseUrl: base, token: 'tok' });
    await expect(api.freePort(8000, { graceMs: 100 })).resolves.toMatchObject({ free: true });
    const cfg = { pollIntervalMs: 1000, ports: [], services: [], productService: { enabled: false, port: 8080 } };
    await expect(api.saveConfig(cfg)).resolves.toEqual(cfg);
    await api.getServiceLogs('api', 50);
    await api.restartService('api');
    expect(seen).toEqual([
      'POST /api/ports/8000/free Bearer tok',
      'PUT /api/config Bearer tok',
      'GET /api/services/api/logs?limit=50 Bearer tok',
      'POST /api/services/api/restart Bearer tok',
    ]);
  });

  it('turns error bodies into ApiError codes, and a dead server into "unreachable"', async () => {
    const base = await serve((req, res) => {
      const [status, code] = req.url === '/api/state' ? [401, 'unauthorized'] : [400, 'invalid-argument'];
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code, message: `bad ${req.url}` } }));
    });
    const api = createHttpApi({ baseUrl: base, token: 'wrong' });
    await expect(api.getState()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    await expect(api.saveConfig({} as never)).rejects.toMatchObject({ code: 'invalid-argument', message: 'bad /api/config' });
    const dead = createHttpApi({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    const err = await dead.getState().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('unreachable');
  });

  it('streams events, and reconnects (getting a fresh state) after the server drops the stream', async () => {
    let connections = 0;
    const base = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer tok') {
        res.statusCode = 401;
        return res.end('{}');
      }
      connections += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const n = connections;
      // Split a message across writes to prove the reader reassembles it.
      res.write(`data: {"type":"state","at":${n},`);
      setTimeout(() => {
        res.write(`"state":{"ports":[]}}\n\n: ping\n\n`);
        if (n === 1) setTimeout(() => res.destroy(), 50);
      }, 20);
    });
    const api = createHttpApi({ baseUrl: base, token: 'tok' });
    const events: ControlEvent[] = [];
    const statuses: ConnectionStatus['kind'][] = [];
    const offStatus = api.watchConnection((s) => statuses.push(s.kind));
    const off = api.subscribe((e) => events.push(e));
    await until(() => (events.length >= 2 ? true : undefined), 'two state events');
    off();
    offStatus();
    expect(events.map((e) => e.at)).toEqual([1, 2]);
    expect(connections).toBe(2);
    expect(statuses).toContain('reconnecting');
    expect(statuses.filter((s) => s === 'open').length).toBe(2);
  });

  it('stops and reports "unauthorized" when the event stream rejects the token', async () => {
    const base = await serve((_req, res) => {
      res.statusCode = 401;
      res.end('{"error":{"code":"unauthorized","message":"no"}}');
    });
    const api = createHttpApi({ baseUrl: base, token: 'bad' });
    const statuses: ConnectionStatus[] = [];
    const off = api.watchConnection((s) => statuses.push(s));
    const last = await until(() => (statuses.at(-1)?.kind === 'unauthorized' ? statuses.at(-1) : undefined), 'unauthorized status');
    off();
    expect(last.kind).toBe('unauthorized');
  });
});
