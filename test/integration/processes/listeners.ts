/**
 * Real listeners for the kill-transaction and CLI tests: python processes holding real
 * sockets (test/fixtures/processes/listener.py). Every process started here is recorded
 * and killed by killStarted() (call it in afterEach).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const LISTENER_SCRIPT = fileURLToPath(new URL('../../fixtures/processes/listener.py', import.meta.url));

export interface Started {
  child: ChildProcess;
  /** The port the listener bound. */
  port: number;
  /** The python pids that hold the socket (two with --fork). */
  pids: number[];
  detached: boolean;
}

const started: Started[] = [];

export interface StartOptions {
  /** Own process group (setsid); default true. */
  detached?: boolean;
  /** Run through `sh -c "python3 …; true"`, so sh stays the parent and the child listens. */
  wrapper?: boolean;
}

/** Start listener.py with `flags`; resolves once it prints that it listens. */
export function startListener(flags: string[], options: StartOptions = {}): Promise<Started> {
  const detached = options.detached ?? true;
  const child = options.wrapper
    ? spawn('sh', ['-c', `python3 ${LISTENER_SCRIPT} ${flags.join(' ')}; true`], { detached, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn('python3', [LISTENER_SCRIPT, ...flags], { detached, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`listener ${flags.join(' ')} did not start within 10 s`));
    }, 10_000);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`listener ${flags.join(' ')} exited with ${code} before listening`)); });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port, pids } = JSON.parse(out.slice(0, newline)) as { port: number; pids: number[] };
      const entry = { child, port, pids, detached };
      started.push(entry);
      resolve(entry);
    });
  });
}

/** Is the process alive (a zombie counts as gone)? */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function stop(entry: Started): void {
  const pids = [entry.child.pid, ...entry.pids].filter((p): p is number => typeof p === 'number');
  if (entry.detached && entry.child.pid) {
    try { process.kill(-entry.child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

/** SIGKILL everything startListener started (groups for detached ones). */
export function killStarted(): void {
  for (const entry of started.splice(0)) stop(entry);
}

/** Can we bind host:port right now? (The proof that a port was freed.) */
export function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, ipv6Only: host.includes(':') }, () => server.close(() => resolve(true)));
  });
}

/** Start a two-process listener where the second binds the first's port; retries on the rare clash. */
export async function startPair(first: string[], second: (port: number) => string[], options: StartOptions = {}): Promise<[Started, Started]> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const a = await startListener(first, options);
    try {
      const b = await startListener(second(a.port), options);
      return [a, b];
    } catch {
      stop(a);
    }
  }
  throw new Error('could not start a listener pair in 5 attempts');
}
