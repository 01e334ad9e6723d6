/**
 * The ONLY file that imports ipcMain (a lint rule enforces it). Registers one handler per
 * control method (channels from ipc-channels.ts), checks every sender, validates the
 * arguments, calls the control API, and forwards control events to the dashboard as plain
 * values.
 */
import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { CONTROL_METHODS } from '../core/control/contract.ts';
import type { ControlApi } from '../core/control/contract.ts';
import {
  CONTROL_CHANNELS,
  EVENTS_CHANNEL,
  CHOOSE_PROJECT_FOLDER_CHANNEL,
  IMPORT_PROJECT_FILE_CHANNEL,
  INVOKE_CHANNELS,
} from './ipc-channels.ts';
import { createControlHandlers, toIpcResult } from './ipc-handlers.ts';
import type { IpcResult } from './ipc-result.ts';
import { toPlainValue } from './ipc-result.ts';
import { senderRejection } from './ipc-sender.ts';
import type { SenderFacts } from './ipc-sender.ts';

export interface IpcOptions {
  control: ControlApi;
  /** The dashboard window, or null while closed. */
  dashboard(): BrowserWindow | null;
  /** app://portwarden/index.html (shell/app-url.ts). */
  rendererUrl: string;
  /** Dialog + read + saveConfig; null when the user cancels. */
  importProjectFile(): Promise<unknown>;
  /** The native folder dialog; the chosen path, or null when the user cancels. */
  chooseProjectFolder(): Promise<string | null>;
  log(line: string): void;
}

/** The facts senderRejection needs, read from Electron's event. */
function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame;
  return {
    windowId: BrowserWindow.fromWebContents(event.sender)?.id ?? null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    frameUrl: frame?.url ?? null,
  };
}

/** Register every handler and the event forwarder. Returns a function that removes them. */
export function registerIpc(options: IpcOptions): () => void {
  // electron-store (settings.ts) registers a sync 'electron-store-get-data' channel for
  // renderer-side stores, which answers any sender with the userData path. Our renderer
  // never uses electron-store, so close it: every channel left goes through the sender check.
  ipcMain.removeAllListeners('electron-store-get-data');
  const handlers = createControlHandlers(options.control);

  const guarded = (channel: string, run: (args: unknown[]) => Promise<IpcResult>) => {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcResult> => {
      const rejection = senderRejection(senderFacts(event), {
        windowId: options.dashboard()?.id ?? null,
        rendererUrl: options.rendererUrl,
      });
      if (rejection !== null) {
        options.log(`refused IPC ${channel}: ${rejection}`);
        return { ok: false, error: { name: 'ControlError', code: 'forbidden', message: `refused: ${rejection}` } };
      }
      return run(args);
    });
  };

  for (const method of CONTROL_METHODS) guarded(CONTROL_CHANNELS[method], handlers[method]);
  guarded(IMPORT_PROJECT_FILE_CHANNEL, (args) =>
    toIpcResult(() => {
      if (args.length > 0) throw Object.assign(new Error('importProjectFile takes no arguments'), { code: 'invalid-argument' });
      return options.importProjectFile();
    }),
  );

  guarded(CHOOSE_PROJECT_FOLDER_CHANNEL, (args) =>
    toIpcResult(() => {
      if (args.length > 0) throw Object.assign(new Error('chooseProjectFolder takes no arguments'), { code: 'invalid-argument' });
      return options.chooseProjectFolder();
    }),
  );

  const unsubscribe = options.control.subscribe((event) => {
    const win = options.dashboard();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(EVENTS_CHANNEL, toPlainValue(event));
  });

  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
