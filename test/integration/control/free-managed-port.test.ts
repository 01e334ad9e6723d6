/**
 * Trial S1: freeing the port of a running managed service stops the service through its
 * supervisor, and the answer says so — which process held the port, the signal its group was
 * sent, that it exited, and that the service stays stopped — never `actions: []` with
 * "Nothing was listening; no signal sent". Killing the service's leader pid says what was
 * sent too. Real processes: the service is `sh -c '<listener>; true'`, so the process that
 * listens is the shell's child, not the group leader.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unusedPort } from '../../support/unused-port.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { describeFreeResult, describeKillResult } from '../../../electron/core/vocabulary/index.ts';
import { LISTENER, NODE, alive, killAllStarted, startListener, waitFor } from '../../support/processes.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

async function runningService(port: number): Promise<{ c: ControlRuntime; leader: number; listener: number }> {
  const config = {
    pollIntervalMs: 200,
    ports: [{ port, service: 'api' }],
    services: [{ id: 'api', command: `"${NODE}" "${LISTENER}" ${port} 127.0.0.1; true`, port, autoRestart: true, graceMs: 1000 }],
  } as unknown as PortwardenConfig;
  const c = createControl({ config, persistConfig: () => undefined });
  control = c;
  await c.start();
  const started = await c.startService('api');
  expect(started.outcome).toBe('listening');
  const rows = await c.listListeners([port]);
  const listener = rows.find((r) => r.pid !== null)!.pid!;
  const leader = started.service.pid!;
  expect(listener).not.toBe(leader);
  return { c, leader, listener };
}

describe('freeing a managed service’s port reports the service it stopped (trial S1)', () => {
  it('names the listener, the signal and the exit, and says the service stays stopped', async () => {
    const port = await unusedPort();
    const { c, leader, listener } = await runningService(port);
    const result = await c.freePort(port);
    expect(result.free).toBe(true);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({
      pid: listener,
      name: 'node',
      service: 'api',
      result: 'exited',
      via: 'group',
      alsoSignalled: [leader],
    });
    expect(result.actions[0].signals[0]).toBe('SIGTERM');
    expect(alive(listener)).toBe(false);
    const words = describeFreeResult(result);
    expect(words.lines.join('\n')).not.toContain('Nothing was listening');
    expect(words.lines[0]).toBe(`node (pid ${listener}, service api): sent SIGTERM → exited`);
    expect(words.lines[1]).toMatch(/^Service api was stopped .* stays stopped/);
    // autoRestart does not bring it back: the free left it stopped, as the answer says.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await c.getState()).services.find((s) => s.id === 'api')).toMatchObject({ status: 'stopped', pid: null });
  });

  it('a foreign holder next to the service: both are reported', async () => {
    const port = await unusedPort();
    const { c, listener } = await runningService(port);
    const rogue = await startListener(port, '::1');
    const result = await c.freePort(port, { graceMs: 1000 });
    expect(result.free).toBe(true);
    expect(result.actions.map((a) => [a.pid, a.service ?? null])).toEqual([
      [listener, 'api'],
      [rogue.pid, null],
    ]);
    expect(result.actions[0].result).toBe('exited');
    // The fixture closes its socket on SIGTERM before it exits: either word is true.
    expect(['exited', 'released']).toContain(result.actions[1].result);
    await waitFor(() => !alive(rogue.pid), 5000, 'the rogue to exit');
  });

  it('killing the service’s leader pid says what was sent, not an empty signal list', async () => {
    const port = await unusedPort();
    const { c, leader } = await runningService(port);
    const action = await c.killProcess(leader);
    expect(action).toMatchObject({ pid: leader, service: 'api', result: 'exited' });
    expect(action.signals[0]).toBe('SIGTERM');
    expect(describeKillResult(action).headline).toBe(`Stopped sh (pid ${leader}, service api).`);
  });
});
