/**
 * Stopping a managed service: the kill transaction on its whole process group. The service
 * was started detached, so it leads its own group (pgid = its pid) and every process its
 * command started (npm → sh → node, a reloader and its worker) is in that group unless it
 * deliberately left it. Success means the group is gone AND the port is free: a child that
 * outlives its parent keeps the socket (reference/ports.md, "Killing").
 */
import { groupAlive, signalGroup } from '../platform/signals.ts';
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
    if (await signalGroup(pgid, 'SIGTERM', platform)) signals.push('SIGTERM');
    while (now() < deadline && (await groupAlive(pgid, platform))) await sleep(25);
  }
  if (await groupAlive(pgid, platform)) {
    if (await signalGroup(pgid, 'SIGKILL', platform)) signals.push('SIGKILL');
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
