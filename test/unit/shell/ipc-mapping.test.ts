import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL_METHODS } from '../../../electron/core/control/contract.ts';
import {
  CHANNEL_PREFIX,
  CONTROL_CHANNELS,
  EVENTS_CHANNEL,
  IMPORT_PROJECT_FILE_CHANNEL,
  INVOKE_CHANNELS,
} from '../../../electron/shell/ipc-channels.ts';
import { createControlHandlers } from '../../../electron/shell/ipc-handlers.ts';
import { buildPreloadApi } from '../../../electron/shell/preload-api.ts';
import type { InvokeFn } from '../../../electron/shell/preload-api.ts';
import { createRecordingControl } from '../../fixtures/shell/recording-control.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

/** The preload bridge wired straight to the main-process handlers: the whole IPC path minus Electron. */
function wiredBridge() {
  const control = createRecordingControl();
  const handlers = createControlHandlers(control);
  const byChannel = new Map(
    Object.entries(handlers).map(([method, handler]) => [CONTROL_CHANNELS[method as keyof typeof CONTROL_CHANNELS], handler]),
  );
  const invoked: string[] = [];
  const invoke: InvokeFn = async (channel, ...args) => {
    invoked.push(channel);
    const handler = byChannel.get(channel as never);
    if (!handler) throw new Error(`no handler on ${channel}`);
    // Structured clone is what Electron does to IPC arguments.
    return handler(structuredClone(args));
  };
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  const bridge = buildPreloadApi(invoke, (channel, listener) => {
    const set = subscribers.get(channel) ?? new Set();
    subscribers.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  });
  const send = (channel: string, payload: unknown) => subscribers.get(channel)?.forEach((l) => l(payload));
  return { control, handlers, bridge, invoked, send, subscribers };
}

describe('IPC mapping', () => {
  it('every control method has exactly one channel, named portwarden:<method>', () => {
    expect(Object.keys(CONTROL_CHANNELS).sort()).toEqual([...CONTROL_METHODS].sort());
    for (const method of CONTROL_METHODS) expect(CONTROL_CHANNELS[method]).toBe(`${CHANNEL_PREFIX}${method}`);
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
    expect(INVOKE_CHANNELS).toContain(IMPORT_PROJECT_FILE_CHANNEL);
    expect(INVOKE_CHANNELS).not.toContain(EVENTS_CHANNEL);
  });

  it('every control method has a handler and a preload method; the preload exposes nothing else but subscribe, importProjectFile and chooseProjectFolder', () => {
    const { handlers, bridge } = wiredBridge();
    expect(Object.keys(handlers).sort()).toEqual([...CONTROL_METHODS].sort());
    for (const method of CONTROL_METHODS) expect(typeof bridge[method]).toBe('function');
    expect(Object.keys(bridge).sort()).toEqual([...CONTROL_METHODS, 'chooseProjectFolder', 'importProjectFile', 'subscribe'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('a call through the bridge reaches the control method with validated arguments', async () => {
    const { bridge, control, invoked } = wiredBridge();
    await expect(bridge.freePort('8000' as never, { graceMs: 500 })).resolves.toMatchObject({ port: 8000, free: true });
    await bridge.listListeners([8000, 8001]);
    await bridge.getServiceLogs('api', 10);
    await bridge.setPaused(true);
    await bridge.getState();
    expect(control.calls).toEqual([
      { method: 'freePort', args: [8000, { graceMs: 500 }] },
      { method: 'listListeners', args: [[8000, 8001]] },
      { method: 'getServiceLogs', args: ['api', 10] },
      { method: 'setPaused', args: [true] },
      { method: 'getState', args: [] },
    ]);
    expect(invoked).toEqual([
      'portwarden:freePort',
      'portwarden:listListeners',
      'portwarden:getServiceLogs',
      'portwarden:setPaused',
      'portwarden:getState',
    ]);
  });

  it('every method round-trips through the bridge', async () => {
    const { bridge, control } = wiredBridge();
    const sampleArgs: Record<string, unknown[]> = {
      freePort: [8000],
      watchPort: [8000, { pid: 4121 }],
      detectProject: ['/srv/shop'],
      killProcess: [4121],
      startService: ['api'],
      stopService: ['api'],
      restartService: ['api'],
      freeAndStart: ['api'],
      getServiceLogs: ['api'],
      saveConfig: [{ pollIntervalMs: 1000, ports: [], services: [], productService: { enabled: false, port: 8001 } }],
      setPaused: [false],
    };
    for (const method of CONTROL_METHODS) {
      const fn = bridge[method] as (...a: unknown[]) => Promise<unknown>;
      await fn(...(sampleArgs[method] ?? []));
    }
    expect(control.calls.map((c) => c.method)).toEqual([...CONTROL_METHODS]);
  });

  it('bad arguments are refused with invalid-argument before the control API is called', async () => {
    const { bridge, control } = wiredBridge();
    const bad: [string, unknown[]][] = [
      ['freePort', [0]],
      ['freePort', [70000]],
      ['freePort', ['8000; rm -rf /']],
      ['freePort', [8000, { graceMs: -1 }]],
      ['killProcess', [-5]],
      ['killProcess', [1.5]],
      ['startService', ['../etc/passwd']],
      ['getServiceLogs', ['api', 10_000_000]],
      ['setPaused', ['yes']],
      ['saveConfig', [null]],
      ['getState', ['unexpected']],
      ['listListeners', ['8000']],
      ['getAllListeners', [true]],
      ['watchPort', [8000]],
      ['watchPort', [8000, { pid: 4121, owner: 'x' }]],
      ['watchPort', [8000, { pid: 4121, name: '' }]],
      ['detectProject', ['relative/dir']],
      ['detectProject', ['/a\0b']],
    ];
    for (const [method, args] of bad) {
      const fn = (bridge as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      await expect(fn(...args), `${method}(${JSON.stringify(args)})`).rejects.toMatchObject({
        name: 'ControlError',
        code: 'invalid-argument',
      });
    }
    expect(control.calls).toEqual([]);
  });

  it('errors from the control API arrive as plain {name, code, message} objects', async () => {
    const { bridge } = wiredBridge();
    const error = await bridge.getServiceLogs('missing').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toEqual({ name: 'ControlError', code: 'not-found', message: 'no service "missing"' });
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
  });

  it('subscribe delivers events as plain values and returns a working unsubscribe', () => {
    const { bridge, send, subscribers } = wiredBridge();
    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe((event) => seen.push(event));
    const event = { type: 'conflict-resolved', at: 1, port: 8000, conflict: { kind: 'foreign-owner', detail: 'x', pids: [1] } };
    send(EVENTS_CHANNEL, event);
    unsubscribe();
    unsubscribe(); // twice is harmless
    send(EVENTS_CHANNEL, event);
    expect(seen).toEqual([event]);
    expect(subscribers.get(EVENTS_CHANNEL)!.size).toBe(0);
    expect(() => bridge.subscribe('nope' as never)).toThrow(TypeError);
  });

  it('preload.ts exposes buildPreloadApi as window.portwarden and never exposes ipcRenderer', () => {
    const source = readFileSync(path.join(repo, 'electron/preload.ts'), 'utf8');
    expect(source).toMatch(/contextBridge\.exposeInMainWorld\('portwarden', api\)/);
    expect(source).toMatch(/const api = buildPreloadApi\(/);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    // The only ipcRenderer uses are invoke, on and removeListener inside the two wrappers.
    const uses = [...source.matchAll(/ipcRenderer\.(\w+)/g)].map((m) => m[1]);
    expect(new Set(uses)).toEqual(new Set(['invoke', 'on', 'removeListener']));
  });
});
