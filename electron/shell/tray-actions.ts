/**
 * What a tray menu item or a notification button does, as plain data, and the one place
 * that carries it out. Menu building (tray-menu.ts) stays a pure function of state; the
 * Electron side only maps a click to `performTrayAction(action, deps)`.
 */
import type { ControlApi } from '../core/control/contract.ts';
import type { FreePortResult, KillAction } from '../core/processes/types.ts';

export type TrayAction =
  | { type: 'free-port'; port: number }
  /** `command`: what the menu showed for the pid; a reused pid is not signalled. */
  | { type: 'kill-process'; pid: number; port: number; command?: string }
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
  /** What a finished free/kill did, in plain words (a click in the tray has no page to show it on). */
  reportDone?(action: TrayAction, message: string): void;
}

function who(a: KillAction): string {
  return a.pid === null ? 'an owner not visible to this user' : `${a.name ?? 'pid'} (pid ${a.pid})`;
}

/** Plain words for a free-port result; `ok` only when the port is really free. */
export function describeFreeResult(result: FreePortResult): { ok: boolean; message: string } {
  const stopped = result.actions.filter((a) => a.result === 'exited' || a.result === 'released').map(who);
  const problems = result.actions
    .filter((a) => a.result !== 'exited' && a.result !== 'released')
    .map((a) => `${who(a)}: ${a.reason ?? a.result}`);
  if (result.free) {
    const what = stopped.length > 0 ? `stopped ${stopped.join(', ')}` : 'nothing was listening';
    return { ok: true, message: `Port ${result.port} is free (${what}).` };
  }
  return { ok: false, message: `Port ${result.port} is still in use${problems.length > 0 ? `: ${problems.join('; ')}` : ''}.` };
}

/** Plain words for a kill result; `ok` when the process is gone or let go of its port. */
export function describeKillResult(action: KillAction): { ok: boolean; message: string } {
  if (action.result === 'exited' || action.result === 'released') {
    const how = action.signals.includes('SIGKILL') ? ' (it ignored SIGTERM; SIGKILL sent)' : '';
    return { ok: true, message: `Stopped ${who(action)}${how}.` };
  }
  return { ok: false, message: `${who(action)} was not stopped: ${action.reason ?? action.result}.` };
}

/** A result that did not do what was asked (port still held, target refused) is a failure. */
function report(action: TrayAction, outcome: { ok: boolean; message: string }, deps: TrayActionDeps): void {
  if (outcome.ok) deps.reportDone?.(action, outcome.message);
  else deps.reportError(action, new Error(outcome.message));
}

/** Carry out one action. Resolves when done; failures are reported, not thrown. */
export async function performTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  try {
    switch (action.type) {
      case 'free-port':
        report(action, describeFreeResult(await deps.control.freePort(action.port)), deps);
        return;
      case 'kill-process':
        report(action, describeKillResult(await deps.control.killProcess(action.pid, action.command !== undefined ? { command: action.command } : undefined)), deps);
        return;
      case 'restart-service': {
        // The answer says what the restart left: listening, or why not (exit code, holder).
        const result = await deps.control.restartService(action.serviceId);
        report(action, { ok: result.ok, message: result.message }, deps);
        return;
      }
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
