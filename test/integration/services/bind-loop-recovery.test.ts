/**
 * Issue 9, point 2: a bind-loop conflict names its holder only while that holder holds the
 * port. When the rogue dies (killed from "a terminal", not through Portwarden), the conflict
 * ends within two polls, the service is no longer "blocked by" a dead pid, and an
 * autoRestart service is started again and gets its port. Real processes throughout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortState, ServiceState } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { alive, killAllStarted, killGroup, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

async function state(c: ControlRuntime, port: number): Promise<{ port: PortState; service: ServiceState; overall: string }> {
  const s = await c.getState();
  return { port: s.ports.find((p) => p.port === port)!, service: s.services[0]!, overall: s.overall };
}

async function blockedByRogue(
  autoRestart: boolean,
): Promise<{ c: ControlRuntime; port: number; rogue: Awaited<ReturnType<typeof startListener>> }> {
  const port = await unusedPort();
  const rogue = await startListener(port, '127.0.0.1');
  control = createControl({
    config: {
      pollIntervalMs: 200,
      ports: [{ port, service: 'db' }],
      services: [{ id: 'db', command: `python3 -m http.server ${port} --bind 127.0.0.1`, port, autoRestart, graceMs: 500 }],
    } as PortwardenConfig,
    persistConfig: () => undefined,
  });
  await control.start();
  await control.startService('db');
  const blocked = await waitFor(
    async () => {
      const s = await state(control!, port);
      return s.port.conflicts.some((x) => x.kind === 'bind-loop') && s.service.blockedBy !== null ? s : null;
    },
    10_000,
    'bind-loop conflict',
  );
  expect(blocked.port.conflicts.find((x) => x.kind === 'bind-loop')).toMatchObject({
    pids: [rogue.pid],
    detail: `service db stopped: "address already in use" — node (pid ${rogue.pid}) holds ${port}`,
  });
  expect(blocked.service).toMatchObject({ status: 'bind-loop', pid: null, blockedBy: `node (pid ${rogue.pid}) holds ${port}` });
  expect(blocked.overall).toBe('conflict');
  return { c: control, port, rogue };
}

describe('bind-loop ends with its cause', () => {
  it('the rogue killed outside Portwarden: the conflict ends within two polls and the autoRestart service runs on its port', async () => {
    const { c, port, rogue } = await blockedByRogue(true);
    await killGroup(rogue);
    await waitFor(() => !alive(rogue.pid), 3000, 'rogue exited');
    const pollsAtDeath = c.monitorStats().polls;
    const ended = await waitFor(
      async () => {
        const s = await state(c, port);
        return s.port.conflicts.every((x) => x.kind !== 'bind-loop') ? { ...s, polls: c.monitorStats().polls } : null;
      },
      5000,
      'bind-loop conflict over',
    );
    expect(ended.polls - pollsAtDeath).toBeLessThanOrEqual(2);
    // Nothing names the dead pid any more.
    expect(JSON.stringify(ended.port)).not.toContain(`pid ${rogue.pid}`);
    expect(ended.service.blockedBy).toBeNull();
    // autoRestart: started again, and this time it gets the port.
    const running = await waitFor(
      async () => {
        const s = await state(c, port);
        return s.service.status === 'running' && s.port.status === 'ok' ? s : null;
      },
      10_000,
      'service running on its port',
    );
    expect(running.port.listeners.every((l) => l.managed)).toBe(true);
    expect(running.overall).toBe('ok');
    const logs = await c.getServiceLogs('db');
    expect(logs.some((l) => l.stream === 'system' && l.text === `port ${port} is free again; restarting`)).toBe(true);
  });

  it('without autoRestart the service stays down as crashed, with no conflict and no holder named', async () => {
    const { c, port, rogue } = await blockedByRogue(false);
    await killGroup(rogue);
    const after = await waitFor(
      async () => {
        const s = await state(c, port);
        return s.service.status === 'crashed' ? s : null;
      },
      5000,
      'crashed',
    );
    expect(after.port.conflicts).toEqual([]);
    expect(after.port.status).toBe('down');
    expect(after.service).toMatchObject({ pid: null, blockedBy: null });
    expect(after.overall).toBe('degraded');
  });
});
