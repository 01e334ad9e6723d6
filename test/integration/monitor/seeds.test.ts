/**
 * Seeds 001 and 003 with real processes and sockets, through the control API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { ControlEvent, PortState } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { alive, childrenOf, killAllStarted, LISTENER, NODE, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

function setup(config: Partial<PortwardenConfig>): { control: ControlRuntime; events: ControlEvent[] } {
  const events: ControlEvent[] = [];
  control = createControl({ config: { pollIntervalMs: 150, ...config } as PortwardenConfig, persistConfig: () => undefined });
  control.subscribe((e) => events.push(e));
  return { control, events };
}

async function portState(c: ControlRuntime, port: number): Promise<PortState> {
  return (await c.getState()).ports.find((p) => p.port === port)!;
}

const serviceCommand = (port: number): string => `${JSON.stringify(NODE)} ${JSON.stringify(LISTENER)} ${port} 127.0.0.1`;

describe('seed 001: a rogue holds the managed service port', () => {
  it('reports one foreign-owner conflict over many polls, then free-and-start runs the service and health is answered by it', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const { control: c, events } = setup({
      ports: [
        {
          port,
          name: 'API',
          service: 'api',
          health: { url: `http://127.0.0.1:${port}/`, routes: ['/', '/x'], expectStatus: 200, intervalMs: 60_000 },
        },
      ],
      services: [{ id: 'api', command: serviceCommand(port), port, graceMs: 1000 }],
    });
    await c.start();
    const conflicted = await waitFor(
      async () => {
        const s = await portState(c, port);
        return s.status === 'conflict' ? s : null;
      },
      5000,
      'conflict',
    );
    expect(conflicted.conflicts.map((x) => x.kind)).toEqual(['foreign-owner']);
    expect(conflicted.conflicts[0]!.pids).toEqual([rogue.pid]);
    expect(conflicted.conflicts[0]!.detail).toMatch(new RegExp(`node \\(pid ${rogue.pid}\\) holds ${port}, which belongs to service api`));
    expect(conflicted.listeners[0]!.managed).toBe(false);
    expect(conflicted.listeners[0]!.startedAt).toBeGreaterThan(Date.now() - 60_000);

    // Several more polls: still exactly one detected event.
    await new Promise((r) => setTimeout(r, 1000));
    const detected = events.filter((e) => e.type === 'conflict-detected');
    expect(detected).toHaveLength(1);

    // The rogue answers 200: that is not "healthy".
    const [checked] = await c.runHealthChecks();
    expect(checked!.health!.status).toBe(200);
    expect(checked!.health!.state).toBe('unhealthy');
    expect(checked!.health!.answeredBy).toMatchObject({ pid: rogue.pid, managed: false, sharedBy: 1 });
    expect(checked!.health!.error).toBe(`answered by node (pid ${rogue.pid}), which is not service api`);
    expect(checked!.status).toBe('conflict');

    const result = await c.freeAndStart('api');
    expect(result).toMatchObject({ ok: true, outcome: 'listening', action: 'free-and-start' });
    expect(result.freed).toMatchObject({ free: true, actions: [expect.objectContaining({ pid: rogue.pid })] });
    // The port is free once the kernel closed the rogue's socket, a moment before it is gone.
    await waitFor(() => !alive(rogue.pid), 3000, 'rogue exited');
    const ok = await waitFor(
      async () => {
        await c.runHealthChecks();
        const s = await portState(c, port);
        return s.status === 'ok' && s.health?.state === 'healthy' ? s : null;
      },
      8000,
      'healthy service',
    );
    expect(ok.conflicts).toEqual([]);
    expect(ok.listeners.every((l) => l.managed)).toBe(true);
    expect(ok.health!.answeredBy!.managed).toBe(true);
    const servicePid = (await c.getState()).services[0]!.pid!;
    expect([servicePid, ...ok.listeners.map((l) => l.pid)]).toContain(ok.health!.answeredBy!.pid);
    expect(ok.health!.routes.map((r) => [r.path, r.status])).toEqual([
      ['/', 200],
      ['/x', 200],
    ]);
    expect(events.filter((e) => e.type === 'conflict-resolved')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'conflict-detected')).toHaveLength(1);
    expect(events.some((e) => e.type === 'service-started' && e.serviceId === 'api')).toBe(true);
    expect(events.some((e) => e.type === 'health-changed' && e.port === port && e.state === 'healthy')).toBe(true);
  });

  it('a managed port with nothing listening is down; an unmanaged one is free', async () => {
    const [a, b] = [await unusedPort(), await unusedPort()];
    const { control: c } = setup({
      ports: [{ port: a, service: 'api' }, { port: b }],
      services: [{ id: 'api', command: serviceCommand(a), port: a }],
    });
    await c.start();
    expect((await portState(c, a)).status).toBe('down');
    expect((await portState(c, b)).status).toBe('free');
  });
});

describe('health follows a change of owner at once', () => {
  it('after free-and-start the port is re-probed without waiting for the health interval', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const { control: c } = setup({
      ports: [{ port, service: 'api', health: { url: `http://127.0.0.1:${port}/`, intervalMs: 60_000 } }],
      services: [{ id: 'api', command: serviceCommand(port), port, graceMs: 1000 }],
    });
    await c.start();
    await waitFor(async () => (await portState(c, port)).health?.answeredBy?.pid === rogue.pid, 5000, 'first probe answered by the rogue');
    const service = (await c.freeAndStart('api')).service;
    // No runHealthChecks() here: only the owner change can trigger the probe (interval 60 s).
    const healthy = await waitFor(
      async () => {
        const s = await portState(c, port);
        return s.health?.state === 'healthy' ? s.health : null;
      },
      8000,
      'healthy from the managed service',
    );
    expect(healthy.answeredBy).toMatchObject({ managed: true, sharedBy: 1 });
    // The service's shell or the node it started: either way in the managed tree.
    expect([service.pid, ...childrenOf(service.pid!)]).toContain(healthy.answeredBy!.pid);
  });
});

describe("a rogue joins the service's socket group (SO_REUSEPORT)", () => {
  it('health says the answer came from a socket two processes share, naming the foreign one, never healthy', async () => {
    const port = await unusedPort();
    const { control: c } = setup({
      ports: [{ port, service: 'api', health: { url: `http://127.0.0.1:${port}/`, intervalMs: 60_000 } }],
      services: [{ id: 'api', command: `${serviceCommand(port)} --reuse`, port, graceMs: 1000 }],
    });
    await c.start();
    const service = (await c.startService('api')).service;
    await waitFor(async () => (await portState(c, port)).listeners.length > 0, 8000, 'service listening');
    const rogue = await startListener(port, '127.0.0.1', ['--reuse']);
    await waitFor(async () => (await portState(c, port)).listeners.length === 2, 8000, 'two owners');
    const [checked] = await c.runHealthChecks();
    expect(checked!.health).toMatchObject({ status: 200, state: 'unhealthy', answeredBy: { pid: rogue.pid, managed: false, sharedBy: 2 } });
    expect(checked!.health!.error).toBe(
      `answered by one of 2 processes listening on that address (SO_REUSEPORT or a shared socket), among them node (pid ${rogue.pid}), which is not service api`,
    );
    expect(service.pid).not.toBe(rogue.pid);
  });
});

describe('seed 003: several listeners on one port', () => {
  it('two unrelated processes sharing a port (SO_REUSEPORT) → multiple-listeners', async () => {
    const port = await unusedPort();
    const one = await startListener(port, '127.0.0.1', ['--reuse']);
    const two = await startListener(port, '127.0.0.1', ['--reuse']);
    const { control: c, events } = setup({ ports: [{ port, name: 'flask' }] });
    await c.start();
    const s = await waitFor(
      async () => {
        const st = await portState(c, port);
        return st.status === 'conflict' ? st : null;
      },
      5000,
      'multiple-listeners',
    );
    expect(s.conflicts.map((x) => x.kind)).toEqual(['multiple-listeners']);
    expect(s.conflicts[0]!.pids).toEqual([one.pid, two.pid].sort((x, y) => x - y));
    expect(s.conflicts[0]!.detail).toMatch(/2 separate processes listen on/);
    expect(events.filter((e) => e.type === 'conflict-detected')).toHaveLength(1);
  });

  it('127.0.0.1 and ::1 held by different processes → localhost-shadowed', async () => {
    const port = await unusedPort();
    const v4 = await startListener(port, '127.0.0.1');
    const v6 = await startListener(port, '::1');
    const { control: c } = setup({ ports: [{ port }] });
    await c.start();
    const s = await waitFor(
      async () => {
        const st = await portState(c, port);
        return st.conflicts.length >= 2 ? st : null;
      },
      5000,
      'shadowed',
    );
    const shadow = s.conflicts.find((x) => x.kind === 'localhost-shadowed')!;
    expect(shadow.detail).toContain(`127.0.0.1 → node (pid ${v4.pid})`);
    expect(shadow.detail).toContain(`[::1] → node (pid ${v6.pid})`);
    expect(s.conflicts.map((x) => x.kind).sort()).toEqual(['localhost-shadowed', 'multiple-listeners']);
  });

  it('one process listening on 127.0.0.1 only is fine', async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1');
    const { control: c } = setup({ ports: [{ port }] });
    await c.start();
    const s = await waitFor(async () => {
      const st = await portState(c, port);
      return st.listeners.length > 0 ? st : null;
    });
    expect(s.status).toBe('ok');
    expect(s.conflicts).toEqual([]);
  });
});
