/**
 * The object the preload exposes as `window.portwarden`, built from two injected functions
 * so unit tests exercise this exact code without Electron. preload.ts passes thin wrappers
 * over ipcRenderer.invoke / ipcRenderer.on; the renderer never sees ipcRenderer itself.
 *
 * Must stay browser-safe (no Node imports): it is bundled into the sandboxed preload.
 */
import { CONTROL_METHODS } from '../core/control/contract.ts';
import type { ControlApi, ControlEvent, PortwardenConfig } from '../core/control/contract.ts';
import { EVENTS_CHANNEL, CHOOSE_PROJECT_FOLDER_CHANNEL, IMPORT_PROJECT_FILE_CHANNEL, channelsFor } from './ipc-channels.ts';
import { unwrapIpcResult } from './ipc-result.ts';

/** `ipcRenderer.invoke`, narrowed. */
export type InvokeFn = (channel: string, ...args: unknown[]) => Promise<unknown>;
/** Listen on a channel; the listener gets the payload only (never the IpcRendererEvent). Returns the remover. */
export type OnFn = (channel: string, listener: (payload: unknown) => void) => () => void;

/**
 * What the dashboard finds on `window.portwarden`: every ControlApi method by name, an
 * event subscription returning its unsubscribe function, and the shell-only project-file
 * import. Failures reject with a plain `{ name: 'ControlError', code, message }` object.
 */
export type PortwardenBridge = ControlApi & {
  /** Opens a native Open dialog; resolves to the saved config, or null when cancelled. */
  importProjectFile(): Promise<PortwardenConfig | null>;
  /** Opens a native folder dialog; resolves to the chosen folder's path, or null when cancelled. */
  chooseProjectFolder(): Promise<string | null>;
};

/** Build the bridge object from `invoke` and `on`: one named method per control method (`methods`: tests extend the list). */
export function buildPreloadApi(invoke: InvokeFn, on: OnFn, methods: readonly string[] = CONTROL_METHODS): PortwardenBridge {
  const api: Record<string, unknown> = {};
  const channels = channelsFor(methods);
  for (const method of methods) {
    const channel = channels[method]!;
    // Rest args are passed through as they are; the main process validates them.
    api[method] = async (...args: unknown[]) => unwrapIpcResult(await invoke(channel, ...args));
  }
  api.importProjectFile = async () => unwrapIpcResult(await invoke(IMPORT_PROJECT_FILE_CHANNEL));
  api.chooseProjectFolder = async () => unwrapIpcResult(await invoke(CHOOSE_PROJECT_FOLDER_CHANNEL));
  api.subscribe = (listener: (event: ControlEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function');
    let active = true;
    const remove = on(EVENTS_CHANNEL, (payload) => {
      if (active) listener(payload as ControlEvent);
    });
    return () => {
      if (!active) return;
      active = false;
      remove();
    };
  };
  return Object.freeze(api) as unknown as PortwardenBridge;
}
