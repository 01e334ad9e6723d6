/**
 * What the kill transaction needs from the outside world, passed in so it runs against the
 * real OS in production and integration tests, and against recorded Windows behaviour in
 * unit tests.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SnapshotReader } from '../model/ports.ts';
import { isZombie, sendSignal } from '../platform/signals.ts';
import type { KillSignal, ProcessTable } from '../model/processes.ts';
import { createDockerClient, type DockerClient } from '../owners/docker-api.ts';
import { execFileRunner } from '../platform/run-command.ts';
import type { CommandRunner } from '../platform/run-command.ts';

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
  /** Windows: runs taskkill (a non-zero exit rejects with the status as `code`). Default execFile without a shell. */
  runCommand?: CommandRunner;
  /**
   * True when the pid exists only as a zombie (exited, not yet reaped by its parent): it
   * holds nothing and counts as exited. Default: state "Z" in /proc/PID/stat on Linux.
   */
  isZombie?: (pid: number) => boolean;
  /** Do we run as root / elevated? Only changes advice. Default: uid 0 on POSIX. */
  elevated?: boolean;
  /** The Docker Engine API, for `stopContainers` (default: the local socket; null: none). */
  docker?: DockerClient | null;
}

export type ResolvedKillDeps = Required<KillDeps>;

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
    sendSignal: deps.sendSignal ?? sendSignal,
    runCommand: deps.runCommand ?? execFileRunner,
    isZombie: deps.isZombie ?? ((pid) => isZombie(pid, platform)),
    elevated: deps.elevated ?? process.getuid?.() === 0,
    docker: deps.docker === undefined ? createDockerClient() : deps.docker,
  };
}
