/**
 * Issue 9, points 3 and 4: start, restart and free & start answer with the state they
 * really left. A command that exits at once reports its exit code and output; a port held
 * by a rogue reports the holder instead of "running"; free & start answers only once the
 * service listens, so a request sent right after the answer is served. Real processes.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { alive, killAllStarted, startListener } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;
let server: RunningServer | null = null;
const TOKEN = 'start-outcome-token-0123456789';

afterEach(async () => {
  await server?.close();
  server = null;
  await control?.stop();
  control = null;
  await killAllStarted();
});

function setup(config: Partial<PortwardenConfig>): ControlRuntime {
  control = createControl({ config: { pollIntervalMs: 200, ...config } as PortwardenConfig, persistConfig: () => undefined });
  return control;
}

/** A python service that takes 0.7 s before it listens (imports, warm-up), like a real app. */
const slowHttp = (port: number): string =>
  `python3 -c "import time; time.sleep(0.7); import http.server; http.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=${port}, bind='127.0.0.1')"`;

describe('start reports the state it left', () => {
  it('a command that exits at once: not "running" but the failure, with its exit code and output', async () => {
    const port = await unusedPort();
    const c = setup({ services: [{ id: 'x', command: 'definitely-not-a-command-pw-test', port }] });
    await c.start();
    const result = await c.startService('x');
    expect(result).toMatchObject({ action: 'start', ok: false, outcome: 'exited', exit: { code: 127, signal: null } });
    expect(result.service).toMatchObject({ status: 'crashed', pid: null });
    expect(result.logTail.map((l) => l.text).join('\n')).toMatch(/definitely-not-a-command-pw-test.*not found/);
    expect(result.message).toMatch(/^x did not start: it exited with code 127 after \d+ (?:ms|s)\./);
  });

  it('over HTTP too: 200 with ok false and the outcome, never "running"', async () => {
    const c = setup({ services: [{ id: 'x', command: 'exit 3' }] });
    await c.start();
    server = await startServer({ control: c, token: TOKEN, port: 0, rendererDir: null });
    const res = await fetch(`${server.url}/api/services/x/start`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, outcome: 'exited', exit: { code: 3 }, service: { id: 'x', pid: null } });
  });

  it('a port a rogue holds: the answer is "blocked" naming the holder, not "running"', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const c = setup({ services: [{ id: 'y', command: `python3 -m http.server ${port} --bind 127.0.0.1`, port }] });
    await c.start();
    const result = await c.startService('y');
    expect(result).toMatchObject({ ok: false, outcome: 'blocked' });
    expect(result.holders.map((h) => h.pid)).toEqual([rogue.pid]);
    expect(result.message).toBe(`y did not start: port ${port} is in use — node (pid ${rogue.pid}) holds ${port}.`);
    expect(result.logTail.some((l) => /Address already in use|Errno 98/.test(l.text))).toBe(true);
  });

  it('a service without a port is "running" once it stayed up for the settle window', async () => {
    const c = setup({ services: [{ id: 'w', command: 'sleep 30' }] });
    await c.start();
    const result = await c.startService('w');
    expect(result).toMatchObject({ ok: true, outcome: 'running' });
    expect(result.waitedMs).toBeGreaterThanOrEqual(900);
    expect(alive(result.service.pid!)).toBe(true);
  });

  it('a service that never listens answers "timeout" within its startTimeoutMs, still running', async () => {
    const port = await unusedPort();
    const c = setup({ services: [{ id: 'z', command: 'sleep 30', port, startTimeoutMs: 1500 }] });
    await c.start();
    const t0 = Date.now();
    const result = await c.startService('z');
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', service: { status: 'running' } });
    expect(result.message).toMatch(new RegExp(`^z is running \\(pid \\d+\\) but not listening on ${port} after 1 s\\.$`));
  });
});

describe('free & start answers once the service listens', () => {
  it('a request sent right after the answer gets 200, for free-and-start and restart', async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1');
    const c = setup({ services: [{ id: 'api', command: slowHttp(port), port, graceMs: 1000 }] });
    await c.start();
    const freed = await c.freeAndStart('api');
    expect(freed).toMatchObject({ ok: true, outcome: 'listening', freed: { free: true } });
    expect(freed.waitedMs).toBeGreaterThanOrEqual(500);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    const restarted = await c.restartService('api');
    expect(restarted).toMatchObject({ ok: true, outcome: 'listening' });
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('a holder that cannot be stopped: "blocked", nothing started', async () => {
    const port = await unusedPort();
    // Our own process holds the port: protected, never signalled.
    const own = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => own.once('listening', r));
    try {
      const c = setup({ services: [{ id: 'api', command: slowHttp(port), port }] });
      await c.start();
      const result = await c.freeAndStart('api');
      expect(result).toMatchObject({ ok: false, outcome: 'blocked', freed: { free: false, refused: true }, service: { pid: null } });
      expect(result.holders.map((h) => h.pid)).toEqual([process.pid]);
    } finally {
      await new Promise((r) => own.close(r));
    }
  });
});
