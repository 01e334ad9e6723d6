/**
 * The headless server over real HTTP: auth, Host/Origin (DNS rebinding), loopback-only
 * binding, routes and their error bodies, and the SSE stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import { alive, killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

const TOKEN = 'test-token-0123456789abcdef';
let control: ControlRuntime;
let server: RunningServer;
let dir: string;
let watched: number;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function http(method: string, path: string, opts: { headers?: Record<string, string>; body?: string; host?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? '127.0.0.1', port: server.port, method, path, headers: { authorization: `Bearer ${TOKEN}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-server-'));
  watched = await unusedPort();
  control = createControl({
    config: {
      pollIntervalMs: 200,
      ports: [{ port: watched, service: 'svc' }],
      services: [{ id: 'svc', command: 'sleep 30', port: watched, graceMs: 300, startTimeoutMs: 1000 }],
    } as never,
    configPath: join(dir, 'portwarden.json'),
  });
  await control.start();
  server = await startServer({ control, token: TOKEN, port: 0, rendererDir: null, heartbeatMs: 200 });
});

afterAll(async () => {
  await server?.close();
  await control?.stop();
  await killAllStarted();
  await rm(dir, { recursive: true, force: true });
});

describe('security', () => {
  it('GET /health needs no token and says only the overall level (the service port is down)', async () => {
    const res = await http('GET', '/health', { headers: { authorization: '' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'degraded' });
  });

  it('refuses /api without a token (401)', async () => {
    const res = await http('GET', '/api/state', { headers: { authorization: '' } });
    expect(res.status).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('needs the token however the /api path is spelled (percent-encoded, absolute-form, unknown routes)', async () => {
    const noToken = { headers: { authorization: '' } };
    for (const [method, path] of [
      ['GET', '/%61pi/state'],
      ['GET', '/%61%70%69/config'],
      ['POST', '/%61pi/services/svc/start'],
      ['GET', `http://127.0.0.1:${server.port}/api/state`],
      ['GET', '/api/no-such-route'],
      ['POST', '/no-such-route'],
    ] as const) {
      const res = await http(method, path, noToken);
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    // The same spellings with the token reach the route: the check is on the route, not the text.
    expect((await http('GET', '/%61pi/state')).status).toBe(200);
    const svc = (await control.getState()).services.find((s) => s.id === 'svc')!;
    expect(svc.status).not.toBe('running');
  });

  it('refuses a wrong token (401), including a prefix of the right one', async () => {
    for (const t of ['wrong-token-0123456789abcdef', TOKEN.slice(0, -1), `${TOKEN}x`]) {
      const res = await http('GET', '/api/state', { headers: { authorization: `Bearer ${t}` } });
      expect(res.status).toBe(401);
    }
    expect((await http('GET', '/api/events', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('refuses a foreign Origin (403) even with the token', async () => {
    const res = await http('GET', '/api/state', { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const own = await http('GET', '/api/state', { headers: { origin: `http://localhost:${server.port}` } });
    expect(own.status).toBe(200);
  });

  it('refuses a foreign Host (403): DNS rebinding', async () => {
    for (const host of [`evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `192.0.2.2:${server.port}`]) {
      const res = await http('GET', '/api/state', { headers: { host } });
      expect(res.status, host).toBe(403);
    }
    expect((await http('GET', '/', { headers: { host: `evil.example:${server.port}` } })).status).toBe(403);
    expect((await http('GET', '/api/state', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('listens on 127.0.0.1 only and is not reachable on a non-loopback address', async () => {
    const rows = (await createSnapshotReader().read({ ports: [server.port] })).listeners;
    expect(rows.map((r) => r.address)).toEqual(['127.0.0.1']);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    if (!external) {
      console.log('skipping the non-loopback reachability check: this machine has no non-internal IPv4 address');
      return;
    }
    const tryConnect = (port: number): Promise<string> =>
      new Promise((resolve) => {
        const s = connect({ host: external.address, port });
        s.setTimeout(2000, () => {
          s.destroy();
          resolve('timeout');
        });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await tryConnect(server.port)).not.toBe('connected');
    // Control: a socket bound to every address IS reachable there, so the check can fail.
    const open = createServer();
    await new Promise<void>((r) => open.listen(0, '0.0.0.0', () => r()));
    expect(await tryConnect((open.address() as { port: number }).port)).toBe('connected');
    open.close();
  });
});

describe('routes', () => {
  it('GET /api/state returns the ControlState', async () => {
    const state = (await http('GET', '/api/state')).json();
    expect(state.ports[0]).toMatchObject({ port: watched, service: 'svc', status: 'down' });
    expect(state.services[0]).toMatchObject({ id: 'svc', status: 'stopped' });
  });

  it('maps control errors to status codes and JSON bodies', async () => {
    const notFound = await http('POST', '/api/services/nope/start');
    expect(notFound.status).toBe(404);
    expect(notFound.json()).toEqual({ error: { code: 'not-found', message: 'no service with id "nope"' } });
    const badPort = await http('POST', '/api/ports/99999/free');
    expect(badPort.status).toBe(400);
    expect(badPort.json().error.code).toBe('invalid-argument');
    const badJson = await http('PUT', '/api/config', { body: '{"ports": [', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.json().error.code).toBe('invalid-argument');
    const unknown = await http('GET', '/api/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.code).toBe('not-found');
    const badAction = await http('POST', '/api/services/svc/explode');
    expect(badAction.status).toBe(404);
  });

  it('refuses a misspelled body field or a repeated query parameter with 400, and does nothing', async () => {
    const json = { 'content-type': 'application/json' };
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const typo = await http('POST', `/api/ports/${port}/free`, { headers: json, body: '{"grace": 100}' });
    expect(typo.status).toBe(400);
    expect(typo.json().error).toEqual({
      code: 'invalid-argument',
      message: 'unknown field "grace" in the request body; this route takes "graceMs", "owners", "stopContainers"',
    });
    expect(alive(rogue.pid)).toBe(true);
    const start = await http('POST', '/api/services/svc/start', { headers: json, body: '{"force": true}' });
    expect(start.status).toBe(400);
    expect((await control.getState()).services.find((x) => x.id === 'svc')!.status).not.toBe('running');
    const twice = await http('GET', `/api/listeners?ports=${port}&ports=${port + 1}`);
    expect(twice.status).toBe(400);
    expect(twice.json().error.message).toMatch(/ports given 2 times/);
    expect((await http('GET', `/api/listeners?ports=${port},${port + 1}`)).status).toBe(200);
    // An empty body is no body, whatever its type (fetch sends text/plain for body: '').
    expect((await http('POST', '/api/health/run', { headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '' })).status).toBe(200);
    expect((await http('POST', '/api/health/run', { headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(400);
  });

  it('starts and stops a service, with logs', async () => {
    const started = await http('POST', '/api/services/svc/start', { headers: { 'content-type': 'application/json' }, body: '' });
    expect(started.status).toBe(200);
    // `sleep 30` never listens on its port: after startTimeoutMs the answer says so.
    expect(started.json()).toMatchObject({ action: 'start', ok: false, outcome: 'timeout', service: { id: 'svc', status: 'running' } });
    const logs = (await http('GET', '/api/services/svc/logs?limit=5')).json();
    expect(logs[0]).toMatchObject({ stream: 'system', text: expect.stringContaining('started: sleep 30') });
    const stopped = (await http('POST', '/api/services/svc/stop')).json();
    expect(stopped).toMatchObject({ ok: true, outcome: 'stopped', service: { status: 'stopped' } });
  });

  it('kills a pid only while it still runs the command the caller saw', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const json = { 'content-type': 'application/json' };
    const [row] = (await http('GET', `/api/listeners?ports=${port}`)).json();
    // What a dashboard would send for a pid that was reused by another program.
    const reused = await http('POST', `/api/processes/${rogue.pid}/kill`, {
      headers: json,
      body: JSON.stringify({ command: 'vim notes.txt' }),
    });
    expect(reused.status).toBe(200);
    expect(reused.json()).toMatchObject({ pid: rogue.pid, result: 'identity-changed', signals: [] });
    expect(alive(rogue.pid)).toBe(true);
    for (const bad of ['{"command": 5}', '{"command": ""}', JSON.stringify({ command: 'x'.repeat(40_000) })]) {
      const res = await http('POST', `/api/processes/${rogue.pid}/kill`, { headers: json, body: bad });
      expect(res.status, bad.slice(0, 30)).toBe(400);
      expect(res.json().error.code).toBe('invalid-argument');
    }
    expect(alive(rogue.pid)).toBe(true);
    const killed = await http('POST', `/api/processes/${rogue.pid}/kill`, {
      headers: json,
      body: JSON.stringify({ command: row.command, graceMs: 1000 }),
    });
    expect(killed.json()).toMatchObject({ pid: rogue.pid, result: 'exited', signals: ['SIGTERM'] });
  });

  it('lists listeners and frees a port', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const listeners = (await http('GET', `/api/listeners?ports=${port}`)).json();
    expect(listeners).toEqual([expect.objectContaining({ port, pid: rogue.pid, address: '127.0.0.1' })]);
    const freed = await http('POST', `/api/ports/${port}/free`, {
      headers: { 'content-type': 'application/json' },
      body: '{"graceMs": 1000}',
    });
    expect(freed.status).toBe(200);
    expect(freed.json()).toMatchObject({ port, free: true });
  });

  it('PUT /api/config validates, persists and applies', async () => {
    const config = (await http('GET', '/api/config')).json();
    const extra = await unusedPort();
    const bad = await http('PUT', '/api/config', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...config, ports: [...config.ports, { port: 70000 }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.message).toContain('ports[1].port must be <= 65535');
    const next = { ...config, ports: [...config.ports, { port: extra, name: 'extra' }] };
    const saved = await http('PUT', '/api/config', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(next) });
    expect(saved.status).toBe(200);
    expect(saved.json().ports).toHaveLength(2);
    const onDisk = JSON.parse(await readFile(join(dir, 'portwarden.json'), 'utf8'));
    expect(onDisk.ports[1]).toMatchObject({ port: extra, name: 'extra' });
    const state = (await http('GET', '/api/state')).json();
    expect(state.ports.map((p: { port: number }) => p.port)).toEqual([watched, extra]);
  });

  it('pauses and resumes', async () => {
    expect(
      (await http('POST', '/api/pause', { headers: { 'content-type': 'application/json' }, body: '{"paused": true}' })).json(),
    ).toMatchObject({ paused: true, overall: 'paused' });
    expect((await http('POST', '/api/pause', { headers: { 'content-type': 'application/json' }, body: '{"paused": "yes"}' })).status).toBe(
      400,
    );
    expect(
      (await http('POST', '/api/pause', { headers: { 'content-type': 'application/json' }, body: '{"paused": false}' })).json(),
    ).toMatchObject({ paused: false });
  });

  it('diagnostics and product-service state', async () => {
    const diag = (await http('GET', '/api/diagnostics')).json();
    expect(diag.checks.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['runtime', 'config', 'service:svc:command', `port:${watched}`, 'tool:ss']),
    );
    expect((await http('GET', '/api/product-service')).json()).toMatchObject({ enabled: false, running: false });
  });

  it('serves a placeholder page with a CSP when the dashboard is not built', async () => {
    const res = await http('GET', '/', { headers: { authorization: '' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain("dashboard isn't built");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('server-sent events', () => {
  it('sends state first, then events and heartbeats; cleans up on disconnect', async () => {
    const chunks: string[] = [];
    const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { authorization: `Bearer ${TOKEN}` } });
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    res.setEncoding('utf8');
    res.on('data', (d: string) => chunks.push(d));
    res.on('error', () => undefined);
    await waitFor(() => chunks.join('').includes('data: '), 5000, 'first event');
    const first = JSON.parse(/^data: (.*)$/m.exec(chunks.join(''))![1]!);
    expect(first.type).toBe('state');
    expect(first.state.ports[0].port).toBe(watched);
    await http('POST', '/api/services/svc/start');
    await waitFor(() => chunks.join('').includes('"service-started"'), 5000, 'service-started event');
    await waitFor(() => chunks.join('').includes(': ping'), 5000, 'heartbeat');
    await http('POST', '/api/services/svc/stop');
    expect(server.openStreams()).toBe(1);
    req.destroy();
    await waitFor(() => server.openStreams() === 0, 5000, 'stream cleanup');
  });
});
