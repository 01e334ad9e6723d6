import { execFile } from 'node:child_process';
import type { ProcessTable } from '../model/processes.ts';

/** What a finished command printed. */
export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Kill the command after this long. */
  timeoutMs?: number;
  /** Extra environment variables (merged over the current environment), e.g. LC_ALL=C. */
  env?: Record<string, string>;
}

/**
 * Runs one OS command without a shell and resolves with its output, or rejects when it
 * cannot start (error.code 'ENOENT'), times out, or exits non-zero. Injected into every
 * snapshot reader so the readers can be exercised on recorded output.
 */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/** Default command timeout: generous, a loaded 2-core machine can take a while to fork. */
/**
 * Options of the readers that learn the listener table by running OS commands (macOS,
 * Windows): the runner is injected so they can be tested on recorded output.
 */
export interface CommandReaderOptions {
  run?: CommandRunner;
  processTable?: ProcessTable;
  timeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

/** The real runner: `execFile` (no shell, so no quoting problems), with a timeout. */
export const execFileRunner: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        windowsHide: true,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) reject(error);
        else resolve({ stdout, stderr });
      },
    );
  });
