import type { ListenerRecord } from './ports.ts';

/** Process identity and the result shapes of the kill transaction (docs/architecture.md, "How ports are read and freed"). */

export interface ProcessIdentity {
  pid: number;
  ppid: number | null;
  name: string | null;
  command: string | null;
  user: string | null;
  /**
   * Opaque start-time token (Linux: starttime in clock ticks from /proc/PID/stat; Windows/macOS:
   * the creation time as printed). Two processes with the same pid and start time are the same.
   */
  startTime: string | null;
  /** Process group id (POSIX), null when unknown or not applicable (Windows). */
  pgid: number | null;
  /**
   * Working directory: null when it cannot be read (another user's process, Windows), absent
   * when the table did not look (listing every process does not).
   */
  cwd?: string | null;
}

/**
 * Reads the OS process table. One implementation per platform (processes/linux.ts, …).
 *
 * Contract every implementation keeps: `get` answers only for PROCESSES. A number that names
 * a thread is not a process, and signalling it would reach the whole process it belongs to
 * (on Linux kill(tid) signals the thread group), so `get` returns null for it and the kill
 * transaction (terminate.ts) never signals it. Linux: /proc/<tid> exists for every thread,
 * so the table compares the `Tgid:` line of /proc/<n>/status with n. macOS (ps) and Windows
 * (Win32_Process) list processes only — thread ids are not process ids there — and their
 * `get` keeps only rows whose pid is the one asked for.
 */
export interface ProcessTable {
  /** One process, or null when it does not exist, is not visible, or is not a process (a thread id). */
  get(pid: number): Promise<ProcessIdentity | null>;
  /** Every visible process (never a thread). */
  list(): Promise<ProcessIdentity[]>;
  /**
   * The process `pid` is a thread of, when `pid` is a thread id and not a process; else null.
   * Only Linux has thread ids that look like pids; tables without it never name threads.
   */
  threadOf?(pid: number): Promise<number | null>;
}

export type KillSignal = 'SIGTERM' | 'SIGKILL';

export type KillResult =
  /** The process is gone. */
  | 'exited'
  /** The process still runs but no longer holds the port (graceful close). */
  | 'released'
  /** Still alive and holding the port at the end. */
  | 'still-running'
  /** Not signalled: protected target (pid 0/1/4, our own tree, system service). */
  | 'refused-protected'
  /** Not signalled: EPERM, "owned by another user — run elevated". */
  | 'permission-denied'
  /** Not signalled: the pid now belongs to a different process (start time or command changed). */
  | 'identity-changed'
  /** Nothing runs with that pid (it exited before anything was sent, never existed, or is a thread id). */
  | 'not-found'
  /** The port is in use but its owner is not visible to this user. */
  | 'owner-unknown';

export interface KillAction {
  pid: number | null;
  name: string | null;
  /** The last signal sent, null when none was sent. */
  signal: KillSignal | null;
  /** Every signal sent, in order. */
  signals: KillSignal[];
  result: KillResult;
  /** Plain-words explanation for refused and failed targets. */
  reason?: string;
  /** How SIGTERM reached it: its process group, its tree pid by pid, `taskkill /T`, or (a docker-proxy) by stopping its container through the Docker API. */
  via?: 'group' | 'tree' | 'taskkill' | 'docker';
  /** Other pids reached with it (group members, descendants). */
  alsoSignalled?: number[];
  /** Other pids (descendants still holding the port) sent SIGKILL on its behalf. */
  killed?: number[];
  /**
   * The managed service it belongs to: it was stopped through Portwarden's supervisor (its
   * whole process group), which leaves the service stopped — not restarted automatically.
   */
  service?: string;
}

/** The port was taken again right after a free. */
export interface RespawnReport {
  /** How long after the port was free it was taken again. */
  afterMs: number;
  /** Who listens on it now. */
  listeners: ListenerRecord[];
  /** The surviving parent of a stopped process that started the new listener (a shell loop, a supervisor); null when the newcomer is unrelated. */
  parent: { pid: number; name: string | null; command: string | null } | null;
}

export interface FreePortResult {
  port: number;
  /** True when a fresh look at the OS shows no listener on the port (after the respawn watch). */
  free: boolean;
  elapsedMs: number;
  actions: KillAction[];
  /** True when at least one target was refused (protected or permission). */
  refused: boolean;
  /**
   * The caller said which owners it saw, and they are not the owners now: nothing was
   * signalled; these are the owners now.
   */
  ownerChanged?: ListenerRecord[];
  /** The port was free, then taken again within the watch window (see processes/respawn-watch.ts). */
  respawned?: RespawnReport;
}

export interface FreePortOptions {
  /** How long to wait after SIGTERM before SIGKILL. Default 3000. */
  graceMs?: number;
  /** Poll interval while waiting for the port to become free. Default 25. */
  pollMs?: number;
  /** Only signal these pids (default: every owner of the port). */
  onlyPids?: readonly number[];
  /**
   * A port held by docker-proxy: stop the container behind it through the Docker API
   * (`docker stop`) instead of refusing. Default false (refused, with the command to run).
   */
  stopContainers?: boolean;
  /**
   * After the port is free, watch it this long for a respawn by a surviving parent of what
   * was stopped (default RESPAWN_WATCH_MS; 0 = do not watch). Ends at the first newcomer.
   */
  watchRespawnMs?: number;
}
