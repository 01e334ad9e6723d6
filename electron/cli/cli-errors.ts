/**
 * Input parsing and error output shared by the commands. Exit codes: exit-codes.ts
 * (re-exported here); commander's own usage errors are mapped to 2 too.
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { ControlError, parseGraceMs, parsePid, parsePort, messageOf } from '../core/control/contract.ts';
import { describeHolder } from '../core/control/one-shot.ts';
import { createSnapshotReader } from '../core/ports/index.ts';
import { exitUnlessPipeClosed } from './closed-pipe.ts';

import { EXIT_INVALID, EXIT_NO } from './exit-codes.ts';

export { EXIT_OK, EXIT_NO, EXIT_INVALID, EXIT_INTERRUPTED } from './exit-codes.ts';

/** Commander's InvalidArgumentError (its constructor takes no options), keeping what was thrown as its cause. */
export function invalidArgument(message: string, cause: unknown): InvalidArgumentError {
  return Object.assign(new InvalidArgumentError(message), { cause });
}

/** Run a validator from control/validate.ts and turn its ControlError into commander's kind. */
function asArgument<T>(fn: () => T, reword: (message: string) => string = (m) => m): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ControlError) throw invalidArgument(reword(error.message), error);
    throw error;
  }
}

/** Commander argument parser for one PORT (1–65535). */
export function portArgument(value: string): number {
  return asArgument(() => parsePort(value, 'PORT'));
}

/**
 * Commander option parser for a port to listen on, 0–65535 (0 = any free port): `flag`
 * names it in the message (`--port must be a port number 0-65535, got "x"`).
 */
export function listenPortOption(flag: string): (value: string) => number {
  return (value) => {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535)
      throw new InvalidArgumentError(`${flag} must be a port number 0-65535, got ${JSON.stringify(value)}`);
    return port;
  };
}

/** Commander argument parser for PORT... (variadic): collects, rejects bad ones. */
export function portsArgument(value: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), portArgument(value)];
}

/** Commander argument parser for PID... (variadic). */
export function pidsArgument(value: string, previous: number[] | undefined): number[] {
  return [
    ...(previous ?? []),
    asArgument(
      () => parsePid(value),
      (m) => m.replace(/^pid/, 'PID'),
    ),
  ];
}

/** An option that may be given once: `--grace 1 --grace 2` is an error, not "last wins". */
function once<T>(flag: string, parse: (value: string) => T): (value: string, previous: T | undefined) => T {
  return (value, previous) => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} given more than once`);
    return parse(value);
  };
}

/** `--grace MS`: integer 0–120000 (validate.ts's parseGraceMs). */
export const graceOption = once('--grace', (value) =>
  asArgument(
    () => parseGraceMs(value) as number,
    (message) => message.replace(/^graceMs/, '--grace'),
  ),
);

/** A non-negative millisecond count (timeouts, intervals), at most one day. */
export function millisOption(flag: string, min = 0): (value: string, previous: number | undefined) => number {
  return once(flag, (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > 86_400_000) {
      throw new InvalidArgumentError(
        `${flag} must be an integer number of milliseconds from ${min} to 86400000, got ${JSON.stringify(value)}`,
      );
    }
    return Number(value);
  });
}

/**
 * Usage errors (unknown option, missing or invalid argument) exit 2, not commander's 1;
 * --help and --version still exit 0.
 */
export function usageErrorsExit2(command: Command): Command {
  return command.exitOverride((error) => {
    exitUnlessPipeClosed(error.exitCode === 0 ? 0 : EXIT_INVALID);
  });
}

/**
 * Print an error for the user (stderr: `portwarden: message`, or `portwarden serve: message`
 * with `command`) and set the exit code; the process ends when the command's work is done.
 */
export function fail(message: string, exitCode: number, command?: string): void {
  process.stderr.write(`portwarden${command ? ` ${command}` : ''}: ${message}\n`);
  process.exitCode = exitCode;
}

/** Print JSON to stdout, pretty, with a final newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Terminal width for tables, undefined when stdout is not a terminal (pipes get full lines). */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/**
 * Wrap a command action so an unexpected failure (the OS reader missing, …) is one line on
 * stderr and exit 1, not a stack trace.
 */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      fail(messageOf(error), EXIT_NO);
    }
  };
}

/**
 * Why a server of ours could not listen: for EADDRINUSE, who holds the port and how to free
 * it (the question Portwarden exists to answer); otherwise the error's own message.
 */
export async function listenFailure(error: unknown, host: string, port: number): Promise<string> {
  const e = error as NodeJS.ErrnoException;
  if (e.code !== 'EADDRINUSE') return e.message;
  const holder = await describeHolder(createSnapshotReader(), port).catch(() => null);
  return `${host}:${port} is already in use${holder ? ` (${holder})` : ''}; free it with \`portwarden free ${port}\`, or pick another --port (0 = any free one)`;
}
