/**
 * Trial S2: while paused nothing is looked at, so the state says as of when its ports are
 * (`observedAt`, the last look at the OS before the pause) — a listener killed meanwhile
 * is still in the rows, and the time says they are not current. Resume looks again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unusedPort } from '../../support/unused-port.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { killAllStarted, killGroup, startListener, waitFor } from '../../support/processes.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

describe('paused state is dated (trial S2)', () => {
  it('observedAt stops at the pause and moves again on resume', async () => {
    const port = await unusedPort();
    const holder = await startListener(port, '127.0.0.1');
    control = createControl({
      config: { pollIntervalMs: 150, ports: [{ port }] } as unknown as PortwardenConfig,
      persistConfig: () => undefined,
    });
    await control.start();
    const c = control;
    await waitFor(async () => (await c.getState()).ports[0]!.listeners.length > 0, 5000, 'the holder to be seen');
    const first = (await c.getState()).observedAt!;
    await waitFor(async () => ((await c.getState()).observedAt ?? 0) > first, 5000, 'observedAt to move while polling');

    const paused = await c.setPaused(true);
    const at = paused.observedAt!;
    expect(at).toBeLessThanOrEqual(Date.now());
    await killGroup(holder);
    await new Promise((r) => setTimeout(r, 800));
    const later = await c.getState();
    // The dead holder is still in the rows — and the state says they are from `at`, before its death.
    expect(later.paused).toBe(true);
    expect(later.observedAt).toBe(at);
    expect(later.ports[0]!.listeners.map((l) => l.pid)).toEqual([holder.pid]);

    const resumed = await c.setPaused(false);
    expect(resumed.observedAt!).toBeGreaterThan(at);
    expect(resumed.ports[0]!.listeners).toEqual([]);
  });
});
