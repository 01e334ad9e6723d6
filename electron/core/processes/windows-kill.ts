/**
 * Windows: the kill transaction's signals are `taskkill` runs (DESIGN.md step 3/4).
 *
 * `taskkill /PID n /T` asks the tree to close (the SIGTERM step), `/PID n /T /F` forces it
 * (the SIGKILL step). taskkill's messages are translated ("ERFOLGREICH: …"), so we never
 * read them: only the exit code counts, and the caller re-polls the port for the truth.
 */
import { execFile } from 'node:child_process';
import type { KillSignal } from './types.ts';

/** Runs a program without a shell and resolves with its exit code (never rejects on a non-zero exit). */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<{ exitCode: number }>;

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

/** Run one taskkill step and classify it. */
export async function runTaskkill(pid: number, signal: KillSignal, run: CommandRunner): Promise<{ outcome: TaskkillOutcome; exitCode: number }> {
  const { exitCode } = await run('taskkill', taskkillArgs(pid, signal));
  return { outcome: taskkillOutcome(exitCode), exitCode };
}

/** Default runner: execFile, no shell, hidden window, 15 s cap; output discarded. */
export const execFileRunner: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, timeout: 15_000 }, (error) => {
      if (!error) return resolve({ exitCode: 0 });
      const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
      // A numeric code is the program's exit status; a string code (ENOENT, …) means it never ran.
      resolve({ exitCode: typeof code === 'number' ? code : -1 });
    });
  });
