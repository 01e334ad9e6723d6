/**
 * The control API: the one typed contract every surface uses (DESIGN.md, "The control API").
 * Transports: Electron IPC (electron/shell/ipc.ts + preload.ts) and HTTP (core/server).
 * Values crossing it are plain JSON: no functions, class instances or Dates.
 */
import type { OwnerMatcher, PortwardenConfig } from '../model/config.ts';
import type { ListenerRecord } from '../model/ports.ts';
import type { FreePortResult, KillAction } from '../model/processes.ts';
import type { ConflictKind, OverallLevel, OwnerMismatch, PortStatus } from '../model/words.ts';

export type { ConflictKind, OverallLevel, OwnerMismatch, PortStatus } from '../model/words.ts';

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

export interface RouteCheck {
  path: string;
  status: number | null;
  ok: boolean;
  latencyMs: number | null;
  error?: string;
}

export interface HealthSample {
  at: number;
  ok: boolean;
  latencyMs: number | null;
}

/** The owner of the socket a health probe connected to. */
export interface AnsweredBy {
  /** null: the owner is not visible to this user (another user or namespace). */
  pid: number | null;
  name: string | null;
  managed: boolean;
  /** Whether it is the port's expected owner (service tree or owner matcher); null: the port names none. */
  expected: boolean | null;
  /**
   * How many processes listen on the address that answered (SO_REUSEPORT, a socket shared
   * after fork). Above 1 the kernel picked one we cannot see: `pid` is then the one that
   * matters (a foreign one when there is any), not necessarily the one that answered.
   */
  sharedBy: number;
}

export interface PortHealth {
  state: 'unknown' | 'healthy' | 'unhealthy';
  kind: 'http' | 'tcp';
  target: string;
  status: number | null;
  latencyMs: number | null;
  error?: string;
  checkedAt: number | null;
  /** Who owned the socket that answered, when it could be told. */
  answeredBy: AnsweredBy | null;
  routes: RouteCheck[];
  /** Most recent last; bounded (for charts). */
  history: HealthSample[];
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

export type ServiceStatus = 'stopped' | 'starting' | 'running' | 'stopping' | 'backoff' | 'crashed' | 'bind-loop';

export interface ServiceState {
  id: string;
  command: string;
  cwd: string;
  port: number | null;
  status: ServiceStatus;
  pid: number | null;
  startedAt: number | null;
  restarts: number;
  autoRestart: boolean;
  lastExit: { code: number | null; signal: string | null; at: number } | null;
  /** When auto-restart will try again (status "backoff"). */
  nextRestartAt: number | null;
  /** Set in status "bind-loop": who holds the port. */
  blockedBy: string | null;
}

/**
 * What a service action left: `listening` (its own tree listens on its port), `running` (no
 * port: alive past the settle window), `stopped`, `exited` (it died: exit code and last log
 * lines), `blocked` (its port is held by someone else: named in `holders`), `timeout` (still
 * alive but not listening when the wait ran out).
 */
export type ServiceOutcome = 'listening' | 'running' | 'stopped' | 'exited' | 'blocked' | 'timeout';

export type ServiceAction = 'start' | 'stop' | 'restart' | 'free-and-start';

export interface ServiceActionResult {
  action: ServiceAction;
  /** True for listening/running (start, restart, free-and-start) and stopped (stop). */
  ok: boolean;
  outcome: ServiceOutcome;
  /** The state the action left the service in. */
  service: ServiceState;
  /** How long the action waited for the outcome, ms. */
  waitedMs: number;
  /** `exited`: how the run ended. */
  exit: { code: number | null; signal: string | null } | null;
  /** The run's last log lines (for exited, blocked and timeout). */
  logTail: LogLine[];
  /** Who holds the service's port besides the service itself, when it did not get it. */
  holders: ListenerRecord[];
  /** free-and-start: what freeing the port did. */
  freed: FreePortResult | null;
  /** The outcome in words (core/vocabulary), for clients that only print. */
  message: string;
}

/** A process as the user saw it on a port: its pid, start-time token and command line. */
export interface SeenOwner {
  pid: number;
  startTime?: string | null;
  command?: string | null;
}

export interface LogLine {
  at: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}

export type CheckStatus = 'ok' | 'warning' | 'critical';

export interface DiagnosticCheck {
  name: string;
  status: CheckStatus;
  message: string;
  details?: Record<string, unknown>;
}

export interface Diagnostics {
  generatedAt: number;
  checks: DiagnosticCheck[];
  summary: { critical: string[]; warnings: string[] };
  /** Checks a background pass did not run (it makes no test bind); never set by getDiagnostics. */
  skipped?: string[];
}

export interface BloomStats {
  bit_array_size: number;
  hash_function_count: number;
  expected_items: number;
  false_positive_rate: number;
  current_items: number;
  estimated_false_positive_rate: number;
  fill_ratio: number;
}

export interface ProductServiceState {
  enabled: boolean;
  running: boolean;
  url: string | null;
  bloom: BloomStats | null;
  /** The service's /metrics counters (db_queries_total, bloom_rejects_total, …). */
  metrics: Record<string, number> | null;
  /**
   * What loading the products file at start did (null: no file, or not running): bad lines
   * are reported with their line numbers, at most the first few.
   */
  productsLoad: { file: string; accepted: number; inserted: number; problemCount: number; problems: { line: number; message: string; text: string }[] } | null;
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

// Defined below the control layer so services and health can throw it without importing
// upward (DESIGN.md: dependencies point inward); part of the contract all the same.
export { ControlError } from '../model/errors.ts';
export type { ControlErrorCode } from '../model/errors.ts';

/**
 * Every method validates its arguments (they may come from a renderer or an HTTP client)
 * and throws ControlError on bad input without changing anything.
 */
export interface ControlApi {
  getState(): Promise<ControlState>;
  /** Every listener (or those on `ports`), owners included. */
  listListeners(ports?: number[]): Promise<ListenerRecord[]>;
  /**
   * Free the port, reading its owners fresh. `owners`: the processes the caller showed the
   * user (pid, start time, command line); if the port's owners are not exactly those now,
   * nothing is signalled and `ownerChanged` lists who holds it now.
   */
  freePort(port: number, options?: { graceMs?: number; owners?: SeenOwner[] }): Promise<FreePortResult>;
  /**
   * The kill transaction for one pid (and its descendants). `command` and `startTime`: what
   * the caller saw for `pid` (the dashboard's row); when the pid is now another process it
   * was reused, and nothing is signalled ("identity-changed", naming the process now).
   */
  killProcess(pid: number, options?: { graceMs?: number; command?: string; startTime?: string }): Promise<KillAction>;
  /**
   * Start, stop, restart: each answers once the outcome is known — the service listens on
   * its port (or, without one, stayed up for a settle window), exited, found its port held,
   * or the bounded wait (`startTimeoutMs`) ran out.
   */
  startService(id: string): Promise<ServiceActionResult>;
  stopService(id: string): Promise<ServiceActionResult>;
  restartService(id: string): Promise<ServiceActionResult>;
  /** Free the service's port from a foreign holder, then start the service (same answer as start). */
  freeAndStart(id: string): Promise<ServiceActionResult>;
  runHealthChecks(): Promise<PortState[]>;
  getDiagnostics(): Promise<Diagnostics>;
  getServiceLogs(id: string, limit?: number): Promise<LogLine[]>;
  getProductServiceState(): Promise<ProductServiceState>;
  startProductService(): Promise<ProductServiceState>;
  stopProductService(): Promise<ProductServiceState>;
  getConfig(): Promise<PortwardenConfig>;
  /** Validate against the schema, persist, and apply. */
  saveConfig(config: PortwardenConfig): Promise<PortwardenConfig>;
  setPaused(paused: boolean): Promise<ControlState>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

export type ControlMethodName = Exclude<keyof ControlApi, 'subscribe'>;

/** Method names in one place (IPC channels and HTTP routes are derived from it). */
export const CONTROL_METHODS = [
  'getState',
  'listListeners',
  'freePort',
  'killProcess',
  'startService',
  'stopService',
  'restartService',
  'freeAndStart',
  'runHealthChecks',
  'getDiagnostics',
  'getServiceLogs',
  'getProductServiceState',
  'startProductService',
  'stopProductService',
  'getConfig',
  'saveConfig',
  'setPaused',
] as const satisfies readonly ControlMethodName[];
