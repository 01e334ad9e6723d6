/**
 * Trial D1 (seed 001's trap): every route of the route check answers 200 — served by a rogue.
 * A route answered by a process that is not the port's expected owner is not OK: it says who
 * answered. Once the service itself answers, the same routes are OK. Real processes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unusedPort } from '../../support/unused-port.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { killAllStarted, LISTENER, NODE, startListener } from '../../support/processes.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

describe('route checks say who answered (trial D1)', () => {
  it('routes answered 200 by a rogue are not OK; answered by the service they are', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const config = {
      pollIntervalMs: 200,
      ports: [
        { port, service: 'api', health: { url: `http://127.0.0.1:${port}/`, routes: ['/', '/exchange', '/gaps'], intervalMs: 60_000 } },
      ],
      services: [{ id: 'api', command: `${JSON.stringify(NODE)} ${JSON.stringify(LISTENER)} ${port} 127.0.0.1`, port, graceMs: 1000 }],
    } as unknown as PortwardenConfig;
    control = createControl({ config, persistConfig: () => undefined });
    await control.start();

    const [byRogue] = await control.runHealthChecks();
    const words = `answered by node (pid ${rogue.pid}), which is not service api`;
    expect(byRogue!.health!.routes.map((r) => [r.path, r.status, r.ok, r.foreign, r.error])).toEqual([
      ['/', 200, false, true, words],
      ['/exchange', 200, false, true, words],
      ['/gaps', 200, false, true, words],
    ]);
    // The card's error still leads with who answered the main probe, not "routes did not answer 200".
    expect(byRogue!.health!.error).toBe(words);

    const started = await control.freeAndStart('api');
    expect(started.outcome).toBe('listening');
    const [byService] = await control.runHealthChecks();
    expect(byService!.health!.state).toBe('healthy');
    expect(byService!.health!.routes.map((r) => [r.path, r.status, r.ok, r.foreign ?? false])).toEqual([
      ['/', 200, true, false],
      ['/exchange', 200, true, false],
      ['/gaps', 200, true, false],
    ]);
  });
});
