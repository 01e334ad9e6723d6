/**
 * What the kill transaction needs from the outside world, passed in so it runs against the
 * real OS in production and integration tests, and against recorded Windows behaviour in
 * unit tests.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { SnapshotReader } from '../ports/types.ts';
import type { KillSignal, ProcessTable } from './types.ts';
import { execFileRunner } from './windows-kill.ts';
import type { CommandRunner } from './windows-kill.ts';

export interface KillDeps {
  reader: SnapshotReader;
  processes: ProcessTable;
  platform?: NodeJS.Platform;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Our own pid; it and its ancestors are never signalled. Default process.pid. */
  selfPid?: number;
  /**
   * Send a POSIX signal; a negative pid addresses a process group. Throws the errno error
   * (ESRCH, EPERM) like process.kill. Default process.kill.
   */
  sendSignal?: (pid: number, signal: KillSignal) => void;
  /** Windows: runs taskkill. Default execFile without a shell. */
  runCommand?: CommandRunner;
  /**
   * True when the pid exists only as a zombie (exited, not yet reaped by its parent): it
   * holds nothing and counts as exited. Default: state "Z" in /proc/PID/stat on Linux.
   */
  isZombie?: (pid: number) => boolean;
}

export type ResolvedKillDeps = Required<KillDeps>;

/** Linux: the state letter after the ")" that closes the comm field. */
export function linuxIsZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** Fill every optional field with its real-OS default. */
export function resolveKillDeps(deps: KillDeps): ResolvedKillDeps {
  const platform = deps.platform ?? process.platform;
  return {
    reader: deps.reader,
    processes: deps.processes,
    platform,
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? ((ms: number) => delay(ms).then(() => undefined)),
    selfPid: deps.selfPid ?? process.pid,
    sendSignal: deps.sendSignal ?? ((pid, signal) => void process.kill(pid, signal)),
    runCommand: deps.runCommand ?? execFileRunner,
    isZombie: deps.isZombie ?? (platform === 'linux' ? linuxIsZombie : () => false),
  };
}
