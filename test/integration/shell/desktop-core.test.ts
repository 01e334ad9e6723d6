/**
 * The desktop shell's Electron-free path against the REAL control runtime, real processes
 * and sockets: preload bridge → IPC handlers (argument validation) → createControl, plus
 * the tray menu and the notification policy fed with the states it produces. What is left
 * for the _electron e2e is only Electron's own plumbing (ipcMain, contextBridge, Tray).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlEvent, ControlState } from '../../../electron/core/control/contract.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { CONTROL_CHANNELS } from '../../../electron/shell/ipc-channels.ts';
import { createControlHandlers } from '../../../electron/shell/ipc-handlers.ts';
import { EMPTY_NOTIFICATION_MEMORY, conflictsFromState, decideNotifications } from '../../../electron/shell/notification-policy.ts';
import { buildPreloadApi } from '../../../electron/shell/preload-api.ts';
import { buildTrayMenu, findMenuItem } from '../../../electron/shell/tray-menu.ts';
import { performTrayAction } from '../../../electron/shell/tray-actions.ts';
import type { TrayActionDeps } from '../../../electron/shell/tray-actions.ts';
import { createServer } from 'node:net';
import { alive, killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;
afterEach(async () => {
  await control?.stop({ stopServices: true });
  control = null;
  await killAllStarted();
});

/** The bridge the dashboard gets, wired to the real control runtime without Electron. */
function desktop(config: PortwardenConfig) {
  const runtime = createControl({ config, persistConfig: () => undefined });
  control = runtime;
  const handlers = createControlHandlers(runtime);
  const byChannel = new Map<string, (args: unknown[]) => Promise<unknown>>(
    Object.entries(handlers).map(([method, handler]) => [CONTROL_CHANNELS[method as keyof typeof CONTROL_CHANNELS], handler]),
  );
  const pushed: ControlEvent[] = [];
  const bridge = buildPreloadApi(
    (channel, ...args) => byChannel.get(channel)!(structuredClone(args)),
    (_channel, listener) => runtime.subscribe((event) => listener(structuredClone(event))),
  );
  bridge.subscribe((event) => pushed.push(event));
  return { runtime, bridge, pushed };
}

describe('desktop shell over the real control runtime', () => {
  it('a rogue on a service port: tray line CONFLICT naming the pid, one notification over many polls, freed through the bridge', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const { runtime, bridge, pushed } = desktop({
      pollIntervalMs: 150,
      ports: [{ port, name: 'api', service: 'api' }],
      services: [{ id: 'api', command: 'node -e "setInterval(()=>{},1e3)"', port }],
      productService: { enabled: false, port: 8010 },
    });
    await runtime.start();

    const states: ControlState[] = [];
    const conflicted = await waitFor(
      async () => {
        const state = await bridge.getState();
        states.push(state);
        return state.ports[0]!.status === 'conflict' ? state : null;
      },
      8000,
      'conflict',
    );
    const menu = buildTrayMenu(conflicted, { startAtLogin: false, startAtLoginSupported: false });
    expect(findMenuItem(menu, `port-${port}`)!.label).toBe(`${port} api — CONFLICT: node (${rogue.pid})`);
    // The click carries what the menu showed (command line and start time): a reused pid is never signalled.
    expect(findMenuItem(menu, `port-${port}-kill-${rogue.pid}`)!.action).toEqual({
      type: 'kill-process',
      pid: rogue.pid,
      port,
      command: expect.stringContaining('listener.mjs'),
      startTime: expect.stringMatching(/^\d+$/),
    });
    expect(conflicted.overall).toBe('conflict');

    // A dozen more polls of the same conflict: exactly one notification.
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 150));
      states.push(await bridge.getState());
    }
    let memory = EMPTY_NOTIFICATION_MEMORY;
    let shown = 0;
    for (const [i, state] of states.entries()) {
      const decision = decideNotifications(memory, conflictsFromState(state), i * 150);
      memory = decision.memory;
      shown += decision.show.length;
    }
    expect(shown).toBe(1);
    expect(pushed.some((e) => e.type === 'conflict-detected' && e.port === port)).toBe(true);

    await expect(bridge.freePort(port, { graceMs: -5 })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(alive(rogue.pid)).toBe(true);

    const result = await bridge.freePort(port, { graceMs: 2000 });
    expect(result.free).toBe(true);
    expect(result.actions.map((a) => a.pid)).toContain(rogue.pid);
    await waitFor(() => !alive(rogue.pid), 5000, 'rogue gone');
    const after = await waitFor(
      async () => {
        const state = await bridge.getState();
        return state.ports[0]!.status !== 'conflict' ? state : null;
      },
      15_000,
      'conflict cleared',
    );
    expect(buildTrayMenu(after, { startAtLogin: false, startAtLoginSupported: false })[0]!.label).not.toMatch(/conflict/);
    expect(pushed.some((e) => e.type === 'conflict-resolved' && e.port === port)).toBe(true);
  });

  it('pause through the bridge shows in the tray menu; errors cross as plain objects', async () => {
    const { runtime, bridge } = desktop({ pollIntervalMs: 500, ports: [], services: [], productService: { enabled: false, port: 8010 } });
    await runtime.start();
    const paused = await bridge.setPaused(true);
    const menu = buildTrayMenu(paused, { startAtLogin: false, startAtLoginSupported: true });
    expect(findMenuItem(menu, 'pause')!.checked).toBe(true);
    expect(menu[0]!.label).toBe('Portwarden — Monitoring paused');
    const error = await bridge.startService('nope').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'ControlError', code: 'not-found' });
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
  });

  it('tray Free port / Kill say what happened: refused when the holder is protected, named when stopped', async () => {
    const { runtime } = desktop({ pollIntervalMs: 500, ports: [], services: [], productService: { enabled: false, port: 8010 } });
    await runtime.start();
    const said: string[] = [];
    const deps: TrayActionDeps = {
      control: runtime,
      copyText: () => undefined,
      openDashboard: () => undefined,
      setStartAtLogin: () => undefined,
      importProjectFile: async () => null,
      quit: () => undefined,
      reportError: (a, e) => said.push(`error ${a.type}: ${(e as Error).message}`),
      reportDone: (a, m) => said.push(`done ${a.type}: ${m}`),
    };
    // A port held by this very process (Portwarden's own tree): refused, and the tray says so.
    const own = createServer();
    const ownPort = await new Promise<number>((r) => own.listen(0, '127.0.0.1', () => r((own.address() as { port: number }).port)));
    try {
      await performTrayAction({ type: 'free-port', port: ownPort }, deps);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(new RegExp(`^error free-port: Port ${ownPort} is still in use: .*\\(pid ${process.pid}\\): .*`));
    } finally {
      await new Promise((r) => own.close(r));
    }
    // A rogue: killed, and the tray names what it stopped.
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    await performTrayAction({ type: 'kill-process', pid: rogue.pid, port }, deps);
    expect(said[1]).toBe(`done kill-process: Stopped node (pid ${rogue.pid}).`);
    const rogue2 = await startListener(port, '127.0.0.1');
    await performTrayAction({ type: 'free-port', port }, deps);
    expect(said[2]).toMatch(
      new RegExp(`^done free-port: Port ${port} is free \\(took \\d+ ms\\)\\. node \\(pid ${rogue2.pid}\\): sent SIGTERM → exited$`),
    );
  });
});
