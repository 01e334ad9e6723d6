/**
 * Real processes and sockets for monitor/services/server tests: listeners started detached
 * (own process group, so "multiple listeners" are really unrelated processes) and cleanup that kills every group a test started.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NODE = process.execPath;
export const LISTENER = fileURLToPath(new URL('../fixtures/monitor/listener.mjs', import.meta.url));

const started = new Set<ChildProcess>();

export interface Spawned {
  child: ChildProcess;
  pid: number;
  output: () => string;
}

/** Start a command detached; resolves when `ready` appears in its output (or it exits). */
export function startDetached(command: string, args: string[], ready: RegExp | null, timeoutMs = 10_000): Promise<Spawned> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms: ${command} ${args.join(' ')}\n${out}`)), timeoutMs);
    const check = (): void => {
      if (ready === null || ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, pid: child.pid!, output: () => out });
      }
    };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (ready !== null && !ready.test(out)) reject(new Error(`exited with ${code} before ready: ${out}`));
    });
    child.once('spawn', check);
  });
}

/** A node HTTP listener on host:port (see fixtures/monitor/listener.mjs). */
export function startListener(port: number, host = '127.0.0.1', flags: string[] = []): Promise<Spawned> {
  return startDetached(NODE, [LISTENER, String(port), host, ...flags], /listening \d+/);
}

/** Kill the whole group of a started process and wait for it to exit. */
export async function killGroup(s: Spawned | ChildProcess): Promise<void> {
  const child = 'child' in s ? s.child : s;
  if (child.pid === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  started.delete(child);
}

export async function killAllStarted(): Promise<void> {
  await Promise.all([...started].map((c) => killGroup(c)));
}

/** Linux: is the pid alive (not a zombie)? */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Poll `fn` until it returns a truthy value (bounded). */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Pids whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Block — no turn of the event loop — until `pid` (a child of ours) is a zombie: dead, but
 * its exit not yet seen by Node, so the next write to its stdin meets a closed pipe.
 */
export function waitUntilZombieSync(pid: number): void {
  const until = Date.now() + 5000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) {
    if (Date.now() > until) throw new Error(`pid ${pid} did not die`);
    Atomics.wait(pause, 0, 0, 5);
  }
}
