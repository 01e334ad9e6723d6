/**
 * What the monitor derives each poll and the control API hands to every surface: per-port
 * state with its conflicts and listeners, the overall state, and the events sent on
 * transitions.
 */
import type { OwnerMatcher } from './config.ts';
import type { PortHealth } from './health.ts';
import type { ListenerRecord } from './ports.ts';
import type { ProductServiceState } from './product.ts';
import type { LogLine, ServiceState } from './services.ts';
import type { ConflictKind, OverallLevel, OwnerMismatch, PortStatus } from './words.ts';

export interface Conflict {
  kind: ConflictKind;
  /** Plain words (core/vocabulary): "python3 (pid 4121) holds 8000, which belongs to service api". */
  detail: string;
  /** The pids the conflict is about (the foreign holders, the extra listeners, …). */
  pids: number[];
  /** Listener rows whose owner is not visible are part of it. */
  invisible?: boolean;
  /** bind-loop: the service exited, still runs (a watcher), or the port's log file said it. */
  source?: 'service-exited' | 'service-running' | 'log';
  /** foreign-owner against an owner matcher: how the first holder differs from it. */
  mismatch?: OwnerMismatch[];
}

/** A listener as shown to users: the snapshot row plus what is known about its process. */
export interface ListenerView extends ListenerRecord {
  /** The OS start-time token (identity: pid + start time); sent back with kill/free. */
  startTime: string | null;
  /** True when the pid belongs to the managed service's process tree. */
  managed: boolean;
  /**
   * Is it who should own the port: in the managed service's tree, or matching the port's
   * owner matcher. null when the port names no owner.
   */
  expected: boolean | null;
  /** The pid heading its party: a parent whose child shares its socket heads both. */
  partyPid: number | null;
  /** systemd unit from the process's cgroup ('' none, null unknown). */
  unit: string | null;
  /** Docker/containerd container id when the cgroup names one. */
  container: string | null;
}

export interface PortState {
  port: number;
  name: string | null;
  /** Id of the managed service that should own the port, null when none. */
  service: string | null;
  /** The owner matcher for a port Portwarden does not run, null when none. */
  owner: OwnerMatcher | null;
  /** The log file watched for "address already in use", null when none. */
  logFile: string | null;
  status: PortStatus;
  conflicts: Conflict[];
  listeners: ListenerView[];
  health: PortHealth | null;
}

/** A process as the user saw it on a port: its pid, start-time token and command line. */
export interface SeenOwner {
  pid: number;
  startTime?: string | null;
  command?: string | null;
}

export interface ControlState {
  /**
   * The worst of: a conflict > a critical diagnostic > a port down or unhealthy > ok;
   * 'paused' while monitoring is paused (monitor/overall.ts).
   */
  overall: OverallLevel;
  /** The level in words ("2 ports down or unhealthy"), the same the tray and header show. */
  overallText: string;
  /** Critical diagnostic checks at the last diagnostics run ("name: message"). */
  critical: string[];
  paused: boolean;
  pollIntervalMs: number;
  updatedAt: number;
  /**
   * Epoch ms of the last look at the OS the ports (owners, statuses, conflicts) come from;
   * null before the first poll. While paused nothing is looked at: the ports are as of this
   * time, and the dashboard says so instead of showing them as live.
   */
  observedAt: number | null;
  ports: PortState[];
  services: ServiceState[];
  productService: ProductServiceState | null;
}

/** Sent once per transition, never once per poll. */
export type ControlEvent =
  | { type: 'state'; at: number; state: ControlState }
  | { type: 'conflict-detected'; at: number; port: number; conflict: Conflict }
  | { type: 'conflict-resolved'; at: number; port: number; conflict: Conflict }
  | { type: 'service-started'; at: number; serviceId: string; pid: number }
  | { type: 'service-exited'; at: number; serviceId: string; code: number | null; signal: string | null }
  | { type: 'health-changed'; at: number; port: number; state: PortHealth['state']; previous: PortHealth['state'] }
  | { type: 'log'; at: number; serviceId: string; line: LogLine };
