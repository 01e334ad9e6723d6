/**
 * Health through the monitor: a failing route makes a port "unhealthy" (seed 001's route
 * check), and the transition is one health-changed event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import { killAllStarted, killGroup, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;
afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

describe('port health', () => {
  it('routes that do not answer expectStatus make the port unhealthy; recovery is healthy again', async () => {
    const port = await unusedPort();
    const bad = await startListener(port, '127.0.0.1', ['--status', '503']);
    const events: ControlEvent[] = [];
    control = createControl({
      config: {
        pollIntervalMs: 200,
        ports: [
          { port, name: 'web', health: { url: `http://127.0.0.1:${port}/`, routes: ['/a', '/b'], intervalMs: 300, timeoutMs: 1000 } },
        ],
      } as never,
      persistConfig: () => undefined,
    });
    control.subscribe((e) => events.push(e));
    await control.start();
    const unhealthy = await waitFor(
      async () => {
        const p = (await control!.getState()).ports[0]!;
        return p.status === 'unhealthy' ? p : null;
      },
      8000,
      'unhealthy',
    );
    expect(unhealthy.health!.routes.map((r) => [r.path, r.status, r.ok])).toEqual([
      ['/a', 503, false],
      ['/b', 503, false],
    ]);
    expect(unhealthy.health!.error).toBe('expected 200, got 503');
    expect(unhealthy.health!.answeredBy).toMatchObject({ pid: bad.pid, managed: false });

    await killGroup(bad);
    const good = await startListener(port, '127.0.0.1');
    const healthy = await waitFor(
      async () => {
        const p = (await control!.getState()).ports[0]!;
        return p.status === 'ok' && p.health?.state === 'healthy' ? p : null;
      },
      8000,
      'healthy',
    );
    expect(healthy.health!.answeredBy!.pid).toBe(good.pid);
    expect(healthy.health!.history.length).toBeGreaterThan(1);
    expect(healthy.health!.history.at(-1)!.ok).toBe(true);
    const changes = events
      .filter((e) => e.type === 'health-changed')
      .map((e) => (e.type === 'health-changed' ? `${e.previous}→${e.state}` : ''));
    expect(changes[0]).toBe('unknown→unhealthy');
    expect(changes.at(-1)).toBe('unhealthy→healthy');
    expect(changes.filter((c) => c === 'unhealthy→healthy')).toHaveLength(1);
  });
});
