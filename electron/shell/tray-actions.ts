/**
 * What a tray menu item or a notification button does, as plain data, and the one place
 * that carries it out. Menu building (tray-menu.ts) stays a pure function of state; the
 * Electron side only maps a click to `performTrayAction(action, deps)`.
 */
import type { ControlApi } from '../core/control/contract.ts';

export type TrayAction =
  | { type: 'free-port'; port: number }
  | { type: 'kill-process'; pid: number; port: number }
  | { type: 'restart-service'; serviceId: string }
  | { type: 'copy-text'; text: string }
  | { type: 'open-dashboard'; port?: number }
  | { type: 'set-paused'; paused: boolean }
  | { type: 'set-start-at-login'; enabled: boolean }
  | { type: 'import-project-file' }
  | { type: 'quit' };

/** Everything an action may touch, injected (Electron in main.ts, plain functions in tests). */
export interface TrayActionDeps {
  control: Pick<ControlApi, 'freePort' | 'killProcess' | 'restartService' | 'setPaused'>;
  copyText(text: string): void;
  openDashboard(port?: number): void;
  setStartAtLogin(enabled: boolean): void;
  importProjectFile(): Promise<unknown>;
  quit(): void;
  /** Where failures go (a notification or the log); actions never throw. */
  reportError(action: TrayAction, error: unknown): void;
}

/** Carry out one action. Resolves when done; failures are reported, not thrown. */
export async function performTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  try {
    switch (action.type) {
      case 'free-port':
        await deps.control.freePort(action.port);
        return;
      case 'kill-process':
        await deps.control.killProcess(action.pid);
        return;
      case 'restart-service':
        await deps.control.restartService(action.serviceId);
        return;
      case 'copy-text':
        deps.copyText(action.text);
        return;
      case 'open-dashboard':
        deps.openDashboard(action.port);
        return;
      case 'set-paused':
        await deps.control.setPaused(action.paused);
        return;
      case 'set-start-at-login':
        deps.setStartAtLogin(action.enabled);
        return;
      case 'import-project-file':
        await deps.importProjectFile();
        return;
      case 'quit':
        deps.quit();
        return;
    }
  } catch (error) {
    deps.reportError(action, error);
  }
}
