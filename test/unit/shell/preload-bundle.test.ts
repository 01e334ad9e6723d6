import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CONTROL_METHODS } from '../../../electron/core/control/contract.ts';
import { PRELOAD_BUILD } from '../../../build/build.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

/** Bundle electron/preload.ts exactly as `npm run build:preload` does (build/build.ts), in memory. */
async function bundlePreload(): Promise<string> {
  expect(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).scripts['build:preload']).toBe('node build/build.ts preload');
  const result = await build({
    ...PRELOAD_BUILD,
    entryPoints: [path.join(repo, PRELOAD_BUILD.entryPoints[0])],
    external: [...PRELOAD_BUILD.external],
    outfile: undefined,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('preload bundle', () => {
  it('requires nothing but electron, so it loads in a sandboxed renderer', async () => {
    const code = await bundlePreload();
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
  });

  it('exposes window.portwarden with every control method through contextBridge, never ipcRenderer', async () => {
    const code = await bundlePreload();
    const exposed = new Map<string, unknown>();
    const invokes: unknown[][] = [];
    const handlers = new Map<string, (...a: unknown[]) => void>();
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invokes.push(args);
          return { ok: true, value: { echoed: args.slice(1) } };
        },
        on: (channel: string, fn: (...a: unknown[]) => void) => handlers.set(channel, fn),
        removeListener: (channel: string, fn: unknown) => {
          if (handlers.get(channel) === fn) handlers.delete(channel);
        },
      },
    };
    const sandbox = {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
        return fakeElectron;
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(code, sandbox);
    expect([...exposed.keys()]).toEqual(['portwarden']);
    const api = exposed.get('portwarden') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...CONTROL_METHODS, 'chooseProjectFolder', 'importProjectFile', 'subscribe'].sort());
    expect(Object.values(api).includes(fakeElectron.ipcRenderer as never)).toBe(false);

    await expect(api.freePort!(8000, { graceMs: 100 })).resolves.toEqual({ echoed: [8000, { graceMs: 100 }] });
    expect(invokes).toEqual([['portwarden:freePort', 8000, { graceMs: 100 }]]);

    const seen: unknown[] = [];
    const unsubscribe = api.subscribe!((event: unknown) => seen.push(event)) as () => void;
    const onEvent = handlers.get('portwarden:event')!;
    onEvent({ sender: 'the IpcRendererEvent must not leak' }, { type: 'state' });
    expect(seen).toEqual([{ type: 'state' }]);
    unsubscribe();
    expect(handlers.has('portwarden:event')).toBe(false);
  });
});
