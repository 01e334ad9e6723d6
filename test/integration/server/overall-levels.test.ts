/**
 * Issue 9, point 1: the overall level is the worst of conflict > critical diagnostics >
 * down/unhealthy > ok, the same in `/api/state`, the token-free `GET /health` and the words
 * every surface shows. Real processes: a service that cannot start (down), a listener whose
 * health route answers 404 (unhealthy), a required env var that is missing (critical), a
 * rogue on a service's port (conflict). Before the fix all four read "ok".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

const TOKEN = 'overall-levels-token-0123456789';
let control: ControlRuntime | null = null;
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.close();
  await control?.stop();
  server = null;
  control = null;
  await killAllStarted();
});

async function serve(config: Partial<PortwardenConfig>, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  control = createControl({ config: { pollIntervalMs: 150, ...config } as PortwardenConfig, persistConfig: () => undefined, env });
  await control.start();
  server = await startServer({ control, token: TOKEN, port: 0, rendererDir: null });
  return server;
}

/** The level as a client without the token sees it, and the state as one with it does. */
async function levels(s: RunningServer): Promise<{ health: unknown; overall: string; text: string }> {
  const health = await (await fetch(`${s.url}/health`)).json();
  const state = (await (await fetch(`${s.url}/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
    overall: string;
    overallText: string;
  };
  return { health, overall: state.overall, text: state.overallText };
}

async function untilLevel(s: RunningServer, level: string): Promise<{ health: unknown; overall: string; text: string }> {
  return waitFor(
    async () => {
      const l = await levels(s);
      // Two requests: the level may move between them, so wait until both say it.
      return l.overall === level && (l.health as { status: string }).status === level ? l : null;
    },
    10_000,
    `overall ${level}`,
  );
}

describe('overall level and GET /health', () => {
  it('a service that could not start leaves its port down: degraded, not ok', async () => {
    const port = await unusedPort();
    const s = await serve({ ports: [{ port, service: 'x' }], services: [{ id: 'x', command: 'exit 3', port }] });
    await control!.startService('x');
    const l = await untilLevel(s, 'degraded');
    expect(l).toEqual({ health: { status: 'degraded' }, overall: 'degraded', text: '1 port down or unhealthy' });
  });

  it('a health route answering 404 makes the port unhealthy: degraded', async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1', ['--status', '404']);
    const s = await serve({ ports: [{ port, health: { url: `http://127.0.0.1:${port}/`, intervalMs: 500 } }] });
    const l = await untilLevel(s, 'degraded');
    expect(l.health).toEqual({ status: 'degraded' });
    expect((await control!.getState()).ports[0]!.status).toBe('unhealthy');
  });

  it('a critical diagnostic (a required env var missing) is worse than a port down: critical', async () => {
    const port = await unusedPort();
    const env = { ...process.env };
    delete env.PW_OVERALL_MISSING;
    const s = await serve(
      { ports: [{ port, service: 'x' }], services: [{ id: 'x', command: 'sleep 5', port, requiredEnv: ['PW_OVERALL_MISSING'] }] },
      env,
    );
    const l = await untilLevel(s, 'critical');
    expect(l).toEqual({ health: { status: 'critical' }, overall: 'critical', text: '1 critical problem' });
    expect((await control!.getState()).critical).toEqual([
      'service:x:env:PW_OVERALL_MISSING: service x needs PW_OVERALL_MISSING, which is not set',
    ]);
  });

  it('a conflict is worst: a rogue on the service port beats the critical problem', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const env = { ...process.env };
    delete env.PW_OVERALL_MISSING;
    const s = await serve(
      { ports: [{ port, service: 'x' }], services: [{ id: 'x', command: 'sleep 5', port, requiredEnv: ['PW_OVERALL_MISSING'] }] },
      env,
    );
    const l = await untilLevel(s, 'conflict');
    expect(l).toEqual({ health: { status: 'conflict' }, overall: 'conflict', text: '1 port in conflict' });
    // /health reveals the level and nothing else: no port, pid or process name.
    const body = await (await fetch(`${s.url}/health`)).text();
    expect(body).toBe('{"status":"conflict"}');
    expect(body).not.toContain(String(rogue.pid));
  });

  it('ok only when everything is: a listener on a watched port with a passing health check', async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1');
    const s = await serve({ ports: [{ port, health: { url: `http://127.0.0.1:${port}/`, intervalMs: 500 } }] });
    const l = await untilLevel(s, 'ok');
    expect(l).toEqual({ health: { status: 'ok' }, overall: 'ok', text: 'All watched ports OK' });
  });
});
