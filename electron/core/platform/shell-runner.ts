/**
 * A CommandRunner (run-command.ts) that runs commands through ONE long-lived /bin/sh
 * instead of spawning each from Node.
 *
 * Why: the poll runs `ss` (every second without the netlink fingerprint, every 5 s with
 * it). Spawning from Node forks the whole Node process (page tables of a large heap), which
 * cost more CPU than `ss` itself (bench:monitor); through this shell one `ss -ltnHe` costs
 * about 0.5 ms in Node + 4.2 ms in the shell and ss (measured here). A small shell forks
 * cheaply. A helper that dies (killed) fails the command in flight; the next command starts
 * a new one. Commands run one at a time; each answer ends with a marker line
 * carrying the exit status. The shell exits by itself when our end of its stdin closes
 * (Portwarden exited), and `close()` ends it explicitly. POSIX only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { CommandResult, CommandRunner, RunOptions } from './run-command.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS } from './run-command.ts';

/** Far above any `ss` listing (a few hundred bytes per socket); beyond it the helper is replaced. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export interface ShellRunner {
  run: CommandRunner;
  /** Pid of the helper shell (null when not running), so its CPU can be accounted for. */
  pid(): number | null;
  close(): void;
}

/** 'it'"'"'s' quoting: safe for any argument. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

interface Pending {
  resolve: (r: CommandResult) => void;
  reject: (e: Error) => void;
  line: string;
  timeoutMs: number;
  file: string;
}

export function createShellRunner(shell = '/bin/sh'): ShellRunner {
  const marker = `__portwarden_${randomBytes(8).toString('hex')}__`;
  // stderr of each command goes to a per-command temp fd? Simpler: merge into stdout is
  // wrong for parsers, so stderr is sent to the shell's stderr and only read on failure.
  const loop = `while IFS= read -r line; do eval "$line" </dev/null; printf '\\n${marker} %s\\n' "$?"; done`;
  let child: ChildProcessWithoutNullStreams | null = null;
  let buffer = '';
  let stderr = '';
  let current: Pending | null = null;
  let timer: NodeJS.Timeout | null = null;
  const queue: Pending[] = [];

  const fail = (error: Error): void => {
    const p = current;
    current = null;
    if (timer) clearTimeout(timer);
    timer = null;
    p?.reject(error);
  };

  const killGroup = (c: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void => {
    try {
      process.kill(-c.pid!, signal);
    } catch {
      c.kill(signal);
    }
  };

  const kill = (): void => {
    const c = child;
    child = null;
    buffer = '';
    if (c && c.exitCode === null) killGroup(c, 'SIGKILL');
  };

  const ensure = (): ChildProcessWithoutNullStreams => {
    if (child) return child;
    // Detached: its own process group, so a timed-out command dies with it (kill -pgid).
    const c = spawn(shell, ['-c', loop], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true });
    child = c;
    // A helper that died between two commands: writing to it fails with EPIPE, reported as a
    // stream error; its exit handler already fails the pending command and a new helper
    // starts on the next one, so the error itself must not crash the process.
    c.stdin.on('error', () => undefined);
    c.stdout.setEncoding('utf8');
    c.stderr.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const at = buffer.indexOf(`\n${marker} `);
      if (at === -1 && buffer.length > MAX_OUTPUT_BYTES) {
        // A runaway command: don't buffer without bound; replace the helper.
        const p = current;
        kill();
        fail(Object.assign(new Error(`${p?.file ?? 'command'} printed more than ${MAX_OUTPUT_BYTES} bytes`), { code: 'E2BIG' }));
        next();
        return;
      }
      if (at === -1 || !current) return;
      const end = buffer.indexOf('\n', at + 1 + marker.length);
      if (end === -1) return;
      const status = Number(buffer.slice(at + marker.length + 2, end));
      const stdout = buffer.slice(0, at);
      buffer = buffer.slice(end + 1);
      const p = current;
      if (timer) clearTimeout(timer);
      timer = null;
      const finish = (): void => {
        if (current !== p) return;
        const err = stderr;
        stderr = '';
        current = null;
        if (status === 0) p.resolve({ stdout, stderr: err });
        else
          p.reject(
            Object.assign(new Error(`${p.file} exited with ${status}: ${err.trim()}`), { code: status === 127 ? 'ENOENT' : status }),
          );
        next();
      };
      // stderr is a separate pipe: its bytes were written before the marker, but Node may
      // read them a moment later. A failure waits briefly so its message is not lost.
      if (status === 0) finish();
      else setTimeout(finish, 30);
    });
    c.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    // A write to a helper that died a moment ago (not yet seen as exited) fails with EPIPE on
    // stdin. Unhandled, that error would crash the whole process; the exit handler below
    // already fails the command in flight and starts a new helper for the next one.
    c.stdin.on('error', () => undefined);
    // Only the helper in use may fail the command in flight: a replaced helper's late exit
    // must not touch the command its successor runs.
    c.on('error', (error) => {
      if (child !== c) return;
      child = null;
      fail(error);
      next();
    });
    c.on('exit', () => {
      if (child !== c) return;
      child = null;
      if (current) fail(new Error('helper shell exited'));
      next();
    });
    return c;
  };

  /** Keep Node alive while a command runs; an idle helper must not keep Portwarden alive. */
  const setRef = (c: ChildProcessWithoutNullStreams, on: boolean): void => {
    if (on) c.ref();
    else c.unref();
    for (const s of [c.stdin, c.stdout, c.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (on) s.ref?.();
      else s.unref?.();
    }
  };

  const next = (): void => {
    if (current) return;
    if (queue.length === 0) {
      if (child) setRef(child, false);
      return;
    }
    const p = queue.shift()!;
    current = p;
    let c: ChildProcessWithoutNullStreams;
    try {
      c = ensure();
    } catch (error) {
      fail(error as Error);
      next();
      return;
    }
    timer = setTimeout(() => {
      kill();
      fail(Object.assign(new Error(`${p.file} timed out after ${p.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      next();
    }, p.timeoutMs);
    setRef(c, true);
    c.stdin.write(`${p.line}\n`);
  };

  const run: CommandRunner = (file: string, args: readonly string[], options: RunOptions = {}) =>
    new Promise((resolve, reject) => {
      const line = [file, ...args].map(shellQuote).join(' ');
      queue.push({ resolve, reject, line, timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, file });
      next();
    });

  return {
    run,
    pid: () => child?.pid ?? null,
    close: () => {
      for (const p of queue.splice(0)) p.reject(new Error('runner closed'));
      fail(new Error('runner closed'));
      if (child) {
        const c = child;
        child = null;
        c.stdin.end();
        killGroup(c, 'SIGTERM');
      }
    },
  };
}
