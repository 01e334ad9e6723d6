/**
 * The control API: the one typed contract every surface uses (docs/architecture.md, "The
 * control contract"). Transports: Electron IPC (electron/shell/ipc.ts + preload.ts) and HTTP
 * (core/server). Values crossing it are plain JSON: no functions, class instances or Dates.
 *
 * The data types live at the bottom of core (core/model/), where every layer can use them
 * without importing upward; this file re-exports them so a surface imports one module.
 */
import type { PortwardenConfig, WatchedPortConfig } from '../model/config.ts';
import type { InitProposal } from '../init/types.ts';
import type { AllListeners } from '../model/listeners.ts';
import type { ListenerRecord } from '../model/ports.ts';
import type { FreePortResult, KillAction } from '../model/processes.ts';
import type { Diagnostics } from '../model/health.ts';
import type { ProductServiceState } from '../model/product.ts';
import type { LogLine, ServiceActionResult } from '../model/services.ts';
import type { ControlEvent, ControlState, PortState, SeenOwner } from '../model/state.ts';

export type * from '../model/config.ts';
export type * from '../model/health.ts';
export type * from '../model/listeners.ts';
export type { InitProposal, PortProposal, ProposalSource, ServiceSuggestion } from '../init/types.ts';
export type * from '../model/owners.ts';
export type * from '../model/ports.ts';
export type * from '../model/processes.ts';
export type * from '../model/product.ts';
export type * from '../model/services.ts';
export type * from '../model/state.ts';
export type { ConflictKind, OverallLevel, OwnerMismatch, PortStatus } from '../model/words.ts';
export {
  CONTROL_ERROR_CODES,
  CONTROL_ERROR_STATUS,
  ControlError,
  TRANSPORT_ERROR_CODES,
  isControlErrorCode,
  messageOf,
} from '../model/errors.ts';
export { SERVICE_ID_PATTERN } from '../model/config.ts';
export type { ControlErrorCode, TransportErrorCode } from '../model/errors.ts';

/**
 * Every method validates its arguments (they may come from a renderer or an HTTP client)
 * and throws ControlError on bad input without changing anything.
 */
export interface ControlApi {
  getState(): Promise<ControlState>;
  /** Every listener (or those on `ports`), owners included. */
  listListeners(ports?: number[]): Promise<ListenerRecord[]>;
  /**
   * The All listeners view: every TCP listener from the monitor's own snapshot, each with its
   * kind (dev server, system, desktop app), whether it answers HTTP on loopback and whether
   * it is watched. Asking keeps the monitor's polls reading every listener for a few polls;
   * when nobody asks, the monitor reads the watched ports only.
   */
  getAllListeners(): Promise<AllListeners>;
  /**
   * Add `port` to the watch list with the command line of `pid` (the row the user clicked)
   * as its expected owner (`owner.command`). Refused when the port is watched already, when
   * `pid` no longer listens on it or now runs another command than `command` (what the row
   * showed); the config is validated, written safely and applied like saveConfig.
   */
  watchPort(port: number, options: { pid: number; command?: string; name?: string }): Promise<WatchedPortConfig>;
  /** Read a project folder's own files and propose ports to watch (what `portwarden init DIR` prints). */
  detectProject(dir: string): Promise<InitProposal>;
  /**
   * Free the port, reading its owners fresh. `owners`: the processes the caller showed the
   * user (pid, start time, command line); if the port's owners are not exactly those now,
   * nothing is signalled and `ownerChanged` lists who holds it now.
   */
  freePort(port: number, options?: { graceMs?: number; owners?: SeenOwner[]; stopContainers?: boolean }): Promise<FreePortResult>;
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
  /**
   * Free the service's port and start it. With `owners` (the holders the user confirmed),
   * nothing is stopped or started when the port's owners are not those any more.
   */
  freeAndStart(id: string, options?: { owners?: SeenOwner[] }): Promise<ServiceActionResult>;
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

/**
 * The table every transport is generated from (methods.ts): per method its argument parser,
 * HTTP route and result type. CONTROL_METHODS lists the method names in table order.
 */
export { CONTROL_METHODS, CONTROL_TABLE, methodsOf, parseArgs, validateArgs } from './methods.ts';
export type { ControlTable, HttpArg, HttpRoute, HttpVerb, MethodSpec } from './method-spec.ts';
/** Both ends of a route: the server reads a request into arguments, the client builds a request. */
export { argsFromRequest, requestFor } from './http-mapping.ts';
/** The argument rules, for surfaces that take the same arguments from elsewhere (CLI flags). */
export { MAX_GRACE_MS, MAX_LOG_LINES, parseGraceMs, parsePid, parsePort, parseServiceId } from './validate.ts';
