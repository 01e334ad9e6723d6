/**
 * Stopping a managed service: the kill transaction on its whole process group. The service
 * was started detached, so it leads its own group (pgid = its pid) and every process its
 * command started (npm → sh → node, a reloader and its worker) is in that group unless it
 * deliberately left it. Success means the group is gone AND the port is free: a child that
 * outlives its parent keeps the socket (reference/ports.md, "Killing").
 */
import { readdir, readFile } from 'node:fs/promises';
import { execFileRunner } from '../platform/run-command.ts';
import { runTaskkill } from '../platform/taskkill.ts';
import type { KillAction, KillSignal } from '../model/processes.ts';

export interface StopGroupOptions {
  graceMs: number;
  /** When given, also wait until nothing listens on it. */
  port?: number | null;
}

export interface StopGroupDeps {
  platform?: NodeJS.Platform;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The kill transaction of the processes branch for the leader (identity check, tree,
   * escalation). Optional: the group sweep below runs after it either way.
   */
  killProcess?: (pid: number, options: { graceMs?: number; port?: number }) => Promise<KillAction>;
  /** True when nothing listens on the port (a fresh look at the OS). */
  isPortFree?: (port: number) => Promise<boolean>;
}

export interface StopGroupResult {
  signals: KillSignal[];
  /** The group has no living member left. */
  groupGone: boolean;
  /** Null when no port was given or it could not be checked. */
  portFree: boolean | null;
  elapsedMs: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Linux: pids in the group that are alive (zombies excluded: they hold no sockets). */
async function linuxGroupMembers(pgid: number): Promise<number[]> {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return out;
  }
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      try {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid pgrp …; comm may contain spaces and ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') out.push(Number(entry));
      } catch {
        // exited while we looked
      }
    }),
  );
  return out;
}

/** Whether any process of the group is alive. */
export async function groupAlive(pgid: number, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') return (await linuxGroupMembers(pgid)).length > 0;
  if (platform === 'win32') {
    try {
      process.kill(pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: KillSignal): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Windows: the same taskkill steps as the kill transaction (platform/taskkill.ts). */
async function taskkill(pid: number, force: boolean): Promise<void> {
  await runTaskkill(pid, force ? 'SIGKILL' : 'SIGTERM', execFileRunner);
}

/**
 * Stop the group led by `pgid`: the kill transaction for the leader when one is injected,
 * then SIGTERM to the group, SIGKILL at the grace deadline, then wait for the port.
 */
export async function stopProcessGroup(pgid: number, options: StopGroupOptions, deps: StopGroupDeps = {}): Promise<StopGroupResult> {
  const platform = deps.platform ?? process.platform;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const started = now();
  const signals: KillSignal[] = [];
  const port = options.port ?? null;

  if (deps.killProcess) {
    try {
      const action = await deps.killProcess(pgid, { graceMs: options.graceMs, ...(port !== null ? { port } : {}) });
      signals.push(...action.signals);
    } catch {
      // The sweep below still stops the group.
    }
  }

  const deadline = now() + options.graceMs;
  if (await groupAlive(pgid, platform)) {
    if (platform === 'win32') await taskkill(pgid, false);
    else if (signalGroup(pgid, 'SIGTERM')) signals.push('SIGTERM');
    while (now() < deadline && (await groupAlive(pgid, platform))) await sleep(25);
  }
  if (await groupAlive(pgid, platform)) {
    if (platform === 'win32') await taskkill(pgid, true);
    else if (signalGroup(pgid, 'SIGKILL')) signals.push('SIGKILL');
    const killDeadline = now() + 2000;
    while (now() < killDeadline && (await groupAlive(pgid, platform))) await sleep(25);
  }
  const groupGone = !(await groupAlive(pgid, platform));

  let portFree: boolean | null = null;
  if (port !== null && deps.isPortFree) {
    // A process that left the group (setsid, double fork) may still hold the socket for a
    // moment while it closes; wait a bounded time for the port itself.
    const portDeadline = now() + Math.max(1000, options.graceMs);
    portFree = await deps.isPortFree(port);
    while (!portFree && now() < portDeadline) {
      await sleep(25);
      portFree = await deps.isPortFree(port);
    }
  }
  return { signals, groupGone, portFree, elapsedMs: now() - started };
}
