/**
 * Windows: the kill transaction's signals are `taskkill` runs (docs/architecture.md, "How ports are read and freed", steps 3 and 4).
 *
 * `taskkill /PID n /T` asks the tree to close (the SIGTERM step), `/PID n /T /F` forces it
 * (the SIGKILL step). taskkill's messages are translated ("ERFOLGREICH: …"), so we never
 * read them: only the exit code counts, and the caller re-polls the port for the truth.
 */
import type { CommandRunner } from './run-command.ts';
import type { KillSignal } from '../model/processes.ts';

/** taskkill may take a while on a loaded machine (it walks the tree). */
const TASKKILL_TIMEOUT_MS = 15_000;

/** taskkill's exit code when the pid does not exist. */
export const TASKKILL_NOT_FOUND = 128;

/** The taskkill command line for one step. Pure, so the plan can be checked without Windows. */
export function taskkillArgs(pid: number, signal: KillSignal): string[] {
  return signal === 'SIGKILL' ? ['/PID', String(pid), '/T', '/F'] : ['/PID', String(pid), '/T'];
}

export type TaskkillOutcome =
  /** taskkill reported success (exit 0). */
  | 'sent'
  /** The pid no longer exists (exit 128). */
  | 'not-found'
  /** Anything else: access denied, or (without /F) a console process that only dies forcefully. */
  | 'failed';

/** Classify an exit code. */
export function taskkillOutcome(exitCode: number): TaskkillOutcome {
  if (exitCode === 0) return 'sent';
  if (exitCode === TASKKILL_NOT_FOUND) return 'not-found';
  return 'failed';
}

/**
 * Run one taskkill step (through the shared CommandRunner, run-command.ts) and classify
 * it. The runner rejects on a non-zero exit with the exit status as a numeric `code`; a
 * string code (ENOENT, ETIMEDOUT) means taskkill never ran or never finished: -1.
 */
export async function runTaskkill(
  pid: number,
  signal: KillSignal,
  run: CommandRunner,
): Promise<{ outcome: TaskkillOutcome; exitCode: number }> {
  const exitCode = await run('taskkill', taskkillArgs(pid, signal), { timeoutMs: TASKKILL_TIMEOUT_MS }).then(
    () => 0,
    (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      return typeof code === 'number' ? code : -1;
    },
  );
  return { outcome: taskkillOutcome(exitCode), exitCode };
}
