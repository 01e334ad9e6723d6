/**
 * What a tray menu item or a notification button does, as plain data, and the one place
 * that carries it out. Menu building (tray-menu.ts) stays a pure function of state; the
 * Electron side only maps a click to `performTrayAction(action, deps)`.
 */
import type { ControlApi, SeenOwner, FreePortResult, KillAction } from '../core/control/contract.ts';
import {
  describeFreeResult as freeWords,
  describeKillResult as killWords,
  describeWatchResult,
  oneLine,
} from '../core/vocabulary/index.ts';

export type TrayAction =
  /** `owners`: the processes the menu or notification showed; if others hold the port now, nothing is signalled. */
  | { type: 'free-port'; port: number; owners?: SeenOwner[]; stopContainers?: boolean }
  /** `command`, `startTime`: what the menu showed for the pid; a reused pid is not signalled. */
  | { type: 'kill-process'; pid: number; port: number; command?: string; startTime?: string }
  | { type: 'restart-service'; serviceId: string }
  | { type: 'copy-text'; text: string }
  | { type: 'open-dashboard'; port?: number; view?: 'listeners' }
  /** A dev server that answered HTTP on loopback (tray "Listening now"). */
  | { type: 'open-url'; url: string }
  /** Watch the port with the pid's command line as expected owner; `command`: what the menu showed. */
  | { type: 'watch-port'; port: number; pid: number; command: string }
  | { type: 'set-paused'; paused: boolean }
  | { type: 'set-start-at-login'; enabled: boolean }
  | { type: 'import-project-file' }
  | { type: 'quit' };

/** Everything an action may touch, injected (Electron in main.ts, plain functions in tests). */
export interface TrayActionDeps {
  control: Pick<ControlApi, 'freePort' | 'killProcess' | 'restartService' | 'setPaused' | 'watchPort'>;
  copyText(text: string): void;
  openDashboard(port?: number, view?: 'listeners'): void;
  /** Only loopback http URLs reach it (tray-listening.ts builds them from the probed row). */
  openUrl?(url: string): void;
  setStartAtLogin(enabled: boolean): void;
  importProjectFile(): Promise<unknown>;
  quit(): void;
  /** Where failures go (a notification or the log); actions never throw. */
  reportError(action: TrayAction, error: unknown): void;
  /** What a finished free/kill did, in plain words (a click in the tray has no page to show it on). */
  reportDone?(action: TrayAction, message: string): void;
}

/** The free's outcome in the vocabulary's words (the same the dashboard shows), on one line. */
export function describeFreeResult(result: FreePortResult): { ok: boolean; message: string } {
  const summary = freeWords(result);
  return { ok: summary.ok, message: oneLine(summary) };
}

/** The kill's outcome in the vocabulary's words: its headline already says everything. */
export function describeKillResult(action: KillAction): { ok: boolean; message: string } {
  const summary = killWords(action);
  return { ok: summary.ok, message: summary.headline };
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
        report(
          action,
          describeFreeResult(
            await deps.control.freePort(
              action.port,
              action.owners || action.stopContainers
                ? { ...(action.owners ? { owners: action.owners } : {}), ...(action.stopContainers ? { stopContainers: true } : {}) }
                : undefined,
            ),
          ),
          deps,
        );
        return;
      case 'kill-process':
        {
          const seen = {
            ...(action.command !== undefined ? { command: action.command } : {}),
            ...(action.startTime !== undefined ? { startTime: action.startTime } : {}),
          };
          report(
            action,
            describeKillResult(await deps.control.killProcess(action.pid, Object.keys(seen).length > 0 ? seen : undefined)),
            deps,
          );
        }
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
        deps.openDashboard(action.port, action.view);
        return;
      case 'open-url':
        // Defence in depth: the menu only builds loopback http URLs; nothing else is opened.
        if (!/^http:\/\/(127\.0\.0\.1|\[::1\]):\d{1,5}\/$/.test(action.url)) throw new Error(`not a loopback address: ${action.url}`);
        if (!deps.openUrl) throw new Error('opening a browser is not available here');
        deps.openUrl(action.url);
        return;
      case 'watch-port':
        report(
          action,
          {
            ok: true,
            message: describeWatchResult(await deps.control.watchPort(action.port, { pid: action.pid, command: action.command })).headline,
          },
          deps,
        );
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
