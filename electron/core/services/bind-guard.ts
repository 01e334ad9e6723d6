/**
 * "Address already in use" from a managed service. A run that exits after printing it is
 * not retried blindly (service-runner.ts's exit path asks `seen`). A service that keeps
 * running — a watcher (nodemon, `node --watch`, `uvicorn --reload`, a shell loop) whose child
 * failed to bind and will retry or wait forever — is looked at here: a holder outside the
 * service's tree makes it `bind-loop` now; once nobody else holds the port it is `running`
 * again (waiting to bind), and once its own tree holds the port the episode is over.
 */
import type { ChildProcess } from 'node:child_process';
import type { ServiceStatus } from '../model/services.ts';
import type { Timers } from '../model/timers.ts';
import { SerialCheck } from './serial-check.ts';

/** Let a watcher's child finish dying (and the holder show) before looking at the port. */
const BIND_CHECK_DELAY_MS = 300;
/** While blocked, how often to look whether the holder went away. */
const BIND_RECHECK_MS = 500;
/** How many looks after one "address already in use" line (about two minutes). */
const MAX_BIND_CHECKS = 240;

/** What the guard needs of its service runner. */
export interface BindGuardHost {
  port(): number | null;
  /** The running child and its pid, null while stopped or stopping. */
  current(): { child: ChildProcess; rootPid: number | null } | null;
  status(): ServiceStatus;
  setStatus(status: ServiceStatus): void;
  log(text: string): void;
}

/** Who besides the tree of `rootPid` holds the port (plain words), and whether the tree listens there. */
export type ForeignHolders = (port: number, rootPid: number) => Promise<{ foreign: string | null; own: boolean }>;

export class BindGuard {
  /** "Address already in use" was printed during the current run. */
  seen = false;
  /** The holder named in the last "cannot bind" log line (so it is logged once per holder). */
  private lastHolder: string | null = null;
  /** It was blocked in this episode: its own bind ends the episode in the log. */
  private blocked = false;
  private readonly check: SerialCheck;
  private readonly host: BindGuardHost;
  private readonly foreignHolders: ForeignHolders;

  constructor(timers: Timers, foreignHolders: ForeignHolders, host: BindGuardHost) {
    this.host = host;
    this.foreignHolders = foreignHolders;
    this.check = new SerialCheck(timers, () => this.look(), {
      delayMs: BIND_CHECK_DELAY_MS,
      repeatMs: BIND_RECHECK_MS,
      budget: MAX_BIND_CHECKS,
    });
  }

  /** A new run starts. */
  reset(): void {
    this.seen = false;
    this.lastHolder = null;
    this.blocked = false;
  }

  /** The service printed "address already in use". */
  lineSeen(): void {
    this.seen = true;
    this.check.request(true);
  }

  /** Look at the port again soon (the control API freed it from a holder). */
  recheck(): void {
    this.check.request(true);
  }

  cancel(): void {
    this.check.cancel();
  }

  /** One look; true asks for another (still blocked, or its own tree has not bound yet). */
  private async look(): Promise<boolean> {
    const port = this.host.port();
    const run = this.host.current();
    const status = this.host.status();
    if (port === null || run === null || run.rootPid === null || (status !== 'running' && status !== 'bind-loop')) return false;
    const holders = await this.foreignHolders(port, run.rootPid).catch(() => null);
    // The service exited or was stopped meanwhile: the exit path decides.
    if (holders === null || this.host.current()?.child !== run.child) return false;
    if (holders.own && holders.foreign === null) {
      // It bound after all: whatever said "in use" is over, and must not block a later restart.
      this.seen = false;
      if (this.blocked) this.host.log(`port ${port} is held by the service again; bind-loop over`);
      this.blocked = false;
      if (this.host.status() === 'bind-loop') this.host.setStatus('running');
      return false;
    }
    if (holders.foreign !== null) {
      if (this.host.status() !== 'bind-loop' || this.lastHolder !== holders.foreign) {
        this.lastHolder = holders.foreign;
        this.blocked = true;
        this.host.log(`address already in use: ${holders.foreign}; the service still runs but cannot bind its port`);
        this.host.setStatus('bind-loop');
      }
    } else if (this.host.status() === 'bind-loop') {
      // The holder is gone: not blocked any more, but not bound (yet). A watcher that waits
      // for a file change will not retry on its own.
      this.lastHolder = null;
      this.host.log(`port ${port} is free now; waiting for the service to bind it (restart it if it does not retry)`);
      this.host.setStatus('running');
    }
    return true;
  }
}
