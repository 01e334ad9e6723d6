/**
 * Managed services: their state, what an action on one left, and their log lines
 * (services/ supervises them, control/service-actions.ts waits for outcomes).
 */
import type { ListenerRecord } from './ports.ts';
import type { FreePortResult } from './processes.ts';

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
  /**
   * `listening`: the processes of the service's own tree that listen on its port. The
   * service's `pid` is its group leader (often `/bin/sh -c`), which need not be one of them.
   */
  listeners?: ListenerRecord[];
  /** free-and-start: what freeing the port did. */
  freed: FreePortResult | null;
  /** The outcome in words (core/vocabulary), for clients that only print. */
  message: string;
}

export interface LogLine {
  at: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}
