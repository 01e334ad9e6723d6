/**
 * Quit cleanly: the first quit request is held (before-quit → preventDefault) until the
 * core has stopped its managed services, then the app quits for real. A stop that hangs
 * is given up after `timeoutMs` so the user can always quit. Pure apart from the injected
 * functions, so the sequence is unit-tested.
 */
import { messageOf } from '../core/control/contract.ts';
export interface QuitGuardDeps {
  /** Stop the core (control.stop({ stopServices: true })). */
  stop(): Promise<void>;
  /** Really quit (app.quit()); called once, after stop settled. */
  quit(): void;
  log(line: string): void;
  setTimer(fn: () => void, ms: number): unknown;
  timeoutMs: number;
}

export interface QuitGuard {
  /** Call from before-quit. True means "let this quit proceed"; false means preventDefault. */
  onBeforeQuit(): boolean;
  readonly phase: 'running' | 'stopping' | 'stopped';
}

export function createQuitGuard(deps: QuitGuardDeps): QuitGuard {
  let phase: QuitGuard['phase'] = 'running';
  const finish = (why: string) => {
    if (phase === 'stopped') return;
    phase = 'stopped';
    deps.log(why);
    deps.quit();
  };
  return {
    get phase() {
      return phase;
    },
    onBeforeQuit() {
      if (phase === 'stopped') return true;
      if (phase === 'running') {
        phase = 'stopping';
        deps.setTimer(() => finish(`core did not stop within ${deps.timeoutMs} ms; quitting anyway`), deps.timeoutMs);
        deps.stop().then(
          () => finish('core stopped; quitting'),
          (error: unknown) => finish(`core stop failed (${messageOf(error)}); quitting`),
        );
      }
      return false;
    },
  };
}
