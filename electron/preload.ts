/**
 * Preload for the dashboard window. Runs sandboxed, so it is bundled to CommonJS by
 * `npm run build:preload` (esbuild → dist/electron/preload.cjs). Exposes named methods
 * only, never ipcRenderer itself (README, "Security model of the window and IPC"; the Electron security checklist).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './shell/preload-api.ts';

const api = buildPreloadApi(
  (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  (channel, listener) => {
    // Drop the IpcRendererEvent: it carries `sender`, which must not reach the page.
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
);

contextBridge.exposeInMainWorld('portwarden', api);
