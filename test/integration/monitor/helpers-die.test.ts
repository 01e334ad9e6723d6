/**
 * The Linux poll's helper processes (the ss shell and the netlink reader) are killed while
 * serve runs: the monitor must keep detecting changes (a rogue on a watched port, then its
 * exit), restart the helpers, and leave none behind when it stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { alive, killAllStarted, killGroup, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;
afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

describe.runIf(process.platform === 'linux')('monitor helpers die mid-run', () => {
  it('a rogue is still detected, the helpers come back, and stop() ends them', async () => {
    const port = await unusedPort();
    const config = {
      pollIntervalMs: 200,
      ports: [{ port, name: 'API', service: 'api' }],
      services: [{ id: 'api', command: 'true', port }],
    };
    control = createControl({ config: config as unknown as PortwardenConfig, persistConfig: () => undefined });
    const events: ControlEvent[] = [];
    control.subscribe((e) => events.push(e));
    await control.start();
    const c = control;
    const first = await waitFor(
      () => (c.monitorStats().helperPids.length === 2 ? c.monitorStats().helperPids : null),
      5000,
      'both helpers',
    );
    for (const pid of first) process.kill(pid, 'SIGKILL');

    const rogue = await startListener(port, '127.0.0.1');
    const conflict = await waitFor(
      async () => {
        const p = (await c.getState()).ports[0]!;
        return p.conflicts.some((x) => x.kind === 'foreign-owner') ? p : null;
      },
      8000,
      'foreign-owner after the helpers died',
    );
    expect(conflict.conflicts[0]!.pids).toEqual([rogue.pid]);
    expect(events.filter((e) => e.type === 'conflict-detected')).toHaveLength(1);

    // Both helpers are back (new pids) and the fingerprint answers again: polls are skipped.
    const second = await waitFor(
      () => {
        const pids = c.monitorStats().helperPids;
        return pids.length === 2 && pids.every((p) => !first.includes(p)) ? pids : null;
      },
      5000,
      'helpers respawned',
    );
    const skipped = c.monitorStats().skippedReads;
    await waitFor(() => (c.monitorStats().skippedReads > skipped ? true : null), 5000, 'fingerprint used again');

    // Kill them again, then the rogue goes: the resolution is seen too.
    for (const pid of second) process.kill(pid, 'SIGKILL');
    await killGroup(rogue);
    await waitFor(async () => ((await c.getState()).ports[0]!.conflicts.length === 0 ? true : null), 8000, 'conflict resolved');
    expect(events.filter((e) => e.type === 'conflict-resolved')).toHaveLength(1);

    const last = c.monitorStats().helperPids;
    await c.stop();
    control = null;
    await waitFor(() => (last.every((p) => !alive(p)) ? true : null), 3000, 'helpers gone after stop');
  });
});
