import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Kill the command after this long. */
  timeoutMs?: number;
}

/**
 * Runs one OS command without a shell and resolves with its output, or rejects when it
 * cannot start (error.code 'ENOENT'), times out, or exits non-zero. Injected into every
 * snapshot reader so the readers can be exercised on recorded output.
 */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/** Default command timeout: generous, a loaded 2-core machine can take a while to fork. */
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
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) reject(error);
        else resolve({ stdout, stderr });
      },
    );
  });
