/**
 * Output to a closed pipe (`portwarden free 8000 8001 | head -1`, `… | grep -m1 x`) ends the
 * command quietly, as Unix tools do. A C program is killed by SIGPIPE on its next write;
 * Node ignores SIGPIPE, so the write fails with EPIPE instead, and an unhandled 'error' event
 * on process.stdout would print a stack trace. Here the error is caught and the process dies
 * of SIGPIPE after all (the shell reports 141 = 128 + 13, the same as for `yes | head -1`).
 */
import { EXIT_CLOSED_PIPE } from './exit-codes.ts';

let cleanup: (() => Promise<void>) | null = null;
let closing = false;

/**
 * Something to finish before exiting on a closed pipe: `portwarden run` stops the command it
 * started, so nothing of it is left running once nobody reads its output.
 */
export function onClosedPipe(action: () => Promise<void>): void {
  cleanup = action;
}

/** Die of SIGPIPE like a C program would; exit 141 if the signal cannot be raised. */
function dieOfSigpipe(): never {
  // Node starts with SIGPIPE ignored. Installing and removing a listener makes libuv put the
  // default action (terminate) back, so raising the signal then ends the process.
  const noop = (): void => undefined;
  process.on('SIGPIPE', noop);
  process.removeListener('SIGPIPE', noop);
  try {
    process.kill(process.pid, 'SIGPIPE');
  } catch {
    // Not raised; fall through to the exit status the shell would have shown.
  }
  process.exit(EXIT_CLOSED_PIPE);
}

function closedPipe(): void {
  if (closing) return;
  closing = true;
  // Nothing to finish: die now, synchronously (commander would otherwise exit 0 right after).
  if (!cleanup) dieOfSigpipe();
  void cleanup()
    .catch(() => undefined)
    .then(dieOfSigpipe);
}

/**
 * process.exit, unless stdout already failed with EPIPE: commander prints --help and exits
 * in the same tick, before the 'error' event could tell us the pipe was closed.
 */
export function exitUnlessPipeClosed(code: number): void {
  if ((process.stdout.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE') closedPipe();
  else process.exit(code);
}

/** Installs the EPIPE handlers on stdout and stderr (once per process). */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') closedPipe();
      else throw error;
    });
  }
}
