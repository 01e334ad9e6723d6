/**
 * One managed service: start (detached, own process group, env + cwd), logs, stop (the kill
 * transaction on the group), restart, auto-restart with backoff, and the bind-loop guard:
 * a run that ends after printing "address already in use" is not retried; the holder of the
 * port is named instead (peers.md: "break an EADDRINUSE restart loop and name the holder").
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ControlError, messageOf } from '../model/errors.ts';
import type { LogLine, ServiceState } from '../model/services.ts';
import type { ControlEvent } from '../model/state.ts';
import type { CheckedServiceConfig } from '../model/config.ts';
import { CrashTracker, DEFAULT_BACKOFF } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';
import { isBindError } from '../platform/bind-error.ts';
import { LogBuffer } from './log-buffer.ts';
import { BindGuard } from './bind-guard.ts';
import type { Timers } from '../model/timers.ts';
import type { Launcher } from './launcher.ts';
import type { StopGroupResult } from './stop-group.ts';

export interface ServiceRunnerDeps {
  launcher: Launcher;
  now: () => number;
  timers: Timers;
  /** Directory relative cwds are resolved against (the config file's directory). */
  baseDir: string;
  /** Environment the service inherits (default process.env). */
  env: NodeJS.ProcessEnv;
  /** Stop the group led by pid; resolves once the group is gone and the port is free. */
  stopGroup: (pgid: number, options: { graceMs: number; port: number | null }) => Promise<StopGroupResult>;
  /** Plain words for who holds the port right now ("python3 (pid 4121) holds 8000"), null when nobody. */
  describeHolder: (port: number) => Promise<string | null>;
  /**
   * Who besides the service's own process tree (rooted at `rootPid`) holds the port, in
   * plain words, and whether the tree itself listens there.
   */
  foreignHolders: (port: number, rootPid: number) => Promise<{ foreign: string | null; own: boolean }>;
  /** Waits (bounded) until nothing listens on the port. */
  waitPortFree: (port: number, timeoutMs: number) => Promise<boolean>;
  emit: (event: ControlEvent) => void;
  /** Called whenever the state changes. */
  changed: () => void;
  logCapacity?: number;
  backoff?: BackoffPolicy;
}

export class ServiceRunner {
  private config: CheckedServiceConfig;
  private readonly deps: ServiceRunnerDeps;
  private readonly logs: LogBuffer;
  private readonly crashes: CrashTracker;
  private child: ChildProcess | null = null;
  private state: ServiceState;
  /** portFreed() is starting the service again. */
  private recovering = false;
  /** "Address already in use" seen in this run, and the look at the port while it runs. */
  private readonly bind: BindGuard;
  private stopping = false;
  private restartTimer: unknown = null;
  /** Serialises start/stop so a click storm can't start two copies. */
  private queue: Promise<unknown> = Promise.resolve();
  private exitWaiters: (() => void)[] = [];

  constructor(config: CheckedServiceConfig, deps: ServiceRunnerDeps) {
    this.config = config;
    this.deps = deps;
    this.logs = new LogBuffer(deps.logCapacity ?? 500);
    this.crashes = new CrashTracker(deps.backoff ?? DEFAULT_BACKOFF);
    this.bind = new BindGuard(deps.timers, deps.foreignHolders, {
      port: () => this.config.port ?? null,
      current: () => (this.child && !this.stopping ? { child: this.child, rootPid: this.state.pid } : null),
      status: () => this.state.status,
      setStatus: (status) => this.setStatus({ status }),
      log: (text) => this.systemLog(text),
    });
    this.state = {
      id: config.id,
      command: config.command,
      cwd: this.cwd(),
      port: config.port ?? null,
      status: 'stopped',
      pid: null,
      startedAt: null,
      restarts: 0,
      autoRestart: config.autoRestart,
      lastExit: null,
      nextRestartAt: null,
      blockedBy: null,
    };
  }

  get id(): string {
    return this.config.id;
  }

  /** A copy of the current state. */
  currentState(): ServiceState {
    return { ...this.state, lastExit: this.state.lastExit ? { ...this.state.lastExit } : null };
  }

  /** The pid of the running process group leader, null when not running. */
  get pid(): number | null {
    return this.child && this.state.pid !== null ? this.state.pid : null;
  }

  tail(limit?: number): LogLine[] {
    return this.logs.tail(limit);
  }

  /** Apply a changed config entry; takes effect at the next start. */
  update(config: CheckedServiceConfig): void {
    this.config = config;
    this.state.command = config.command;
    this.state.cwd = this.cwd();
    this.state.port = config.port ?? null;
    this.state.autoRestart = config.autoRestart;
    this.deps.changed();
  }

  /** Variables in requiredEnv that are set neither in the service env nor the environment. */
  missingEnv(): string[] {
    const env = this.environment();
    return this.config.requiredEnv.filter((name) => env[name] === undefined || env[name] === '');
  }

  start(): Promise<ServiceState> {
    return this.serial(async () => {
      this.cancelRestart();
      this.crashes.reset();
      await this.launch('start');
      return this.currentState();
    });
  }

  stop(): Promise<ServiceState> {
    return this.serial(async () => {
      await this.halt();
      return this.currentState();
    });
  }

  /**
   * Stop, and say what stopping did: the group leader's pid and the signals the group was
   * sent (null when nothing ran). A free of the service's port reports it (control/port-actions.ts).
   */
  stopReporting(): Promise<{ state: ServiceState; leader: number | null; stop: StopGroupResult | null }> {
    return this.serial(async () => {
      const leader = this.pid;
      const stop = await this.halt();
      return { state: this.currentState(), leader, stop };
    });
  }

  restart(): Promise<ServiceState> {
    return this.serial(async () => {
      await this.halt();
      this.crashes.reset();
      await this.launch('restart');
      return this.currentState();
    });
  }

  /** Stop the service if it runs, then run `between` (e.g. free the port), then start. */
  stopThenStart(between: () => Promise<void>): Promise<ServiceState> {
    return this.serial(async () => {
      await this.halt();
      await between();
      this.crashes.reset();
      await this.launch('start');
      return this.currentState();
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private cwd(): string {
    return resolve(this.deps.baseDir, this.config.cwd);
  }

  private environment(): NodeJS.ProcessEnv {
    return { ...this.deps.env, ...this.config.env };
  }

  private setStatus(patch: Partial<ServiceState>): void {
    Object.assign(this.state, patch);
    this.deps.changed();
  }

  private systemLog(text: string): void {
    const line = this.logs.push('system', text, this.deps.now());
    this.deps.emit({ type: 'log', at: line.at, serviceId: this.id, line });
  }

  private cancelRestart(): void {
    if (this.restartTimer !== null) {
      this.deps.timers.clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    if (this.state.nextRestartAt !== null) this.setStatus({ nextRestartAt: null });
  }

  private async launch(reason: 'start' | 'restart' | 'auto-restart'): Promise<void> {
    if (this.child) return; // already running: start is idempotent
    const missing = this.missingEnv();
    if (missing.length > 0) {
      throw new ControlError(
        'refused',
        `service ${this.id} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not set`,
      );
    }
    const port = this.config.port ?? null;
    if (port !== null && reason !== 'start') {
      // Never start a second copy while the previous one's orphan still holds the port.
      await this.deps.waitPortFree(port, Math.max(2000, this.config.graceMs));
    }
    this.bind.reset();
    this.stopping = false;
    this.setStatus({ status: 'starting', nextRestartAt: null });
    let child: ChildProcess;
    try {
      child = this.deps.launcher({ command: this.config.command, cwd: this.cwd(), env: this.environment() });
    } catch (error) {
      this.setStatus({ status: 'crashed' });
      throw new ControlError('unavailable', `service ${this.id} could not start: ${messageOf(error)}`, { cause: error });
    }
    const spawned = await new Promise<boolean>((done) => {
      child.once('spawn', () => done(true));
      child.once('error', (error) => {
        this.systemLog(`could not start: ${error.message}`);
        done(false);
      });
    });
    if (!spawned || child.pid === undefined) {
      this.setStatus({ status: 'crashed', pid: null });
      throw new ControlError('unavailable', `service ${this.id} could not start (cwd ${this.cwd()})`);
    }
    this.child = child;
    const pid = child.pid;
    const at = this.deps.now();
    if (reason !== 'start') this.state.restarts += 1;
    this.wire(child);
    this.systemLog(`${reason === 'start' ? 'started' : 'restarted'}: ${this.config.command} (pid ${pid})`);
    this.setStatus({ status: 'running', pid, startedAt: at });
    this.deps.emit({ type: 'service-started', at, serviceId: this.id, pid });
  }

  private wire(child: ChildProcess): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream];
      if (!source) continue;
      source.setEncoding('utf8');
      source.on('data', (chunk: string) => this.output(stream, this.logs.write(stream, chunk, this.deps.now())));
      source.on('end', () => this.output(stream, this.logs.end(stream, this.deps.now())));
    }
    child.once('exit', (code, signal) => {
      void this.exited(child, code, signal);
    });
  }

  private output(_stream: 'stdout' | 'stderr', lines: LogLine[]): void {
    for (const line of lines) {
      if (isBindError(line.text)) this.bind.lineSeen();
      this.deps.emit({ type: 'log', at: line.at, serviceId: this.id, line });
    }
  }

  /**
   * The service exited in bind-loop and the monitor sees its port free now: start it again
   * when it restarts on its own (autoRestart), else it stays down as crashed. A fresh look at
   * the port comes first, so a holder that came back meanwhile blocks nothing new.
   */
  portFreed(): void {
    const port = this.config.port ?? null;
    if (this.child || this.state.status !== 'bind-loop' || port === null || this.recovering) return;
    this.recovering = true;
    void this.serial(async () => {
      if (this.child || this.state.status !== 'bind-loop') return;
      if ((await this.deps.describeHolder(port).catch(() => null)) !== null) return;
      if (!this.state.autoRestart) {
        this.systemLog(`port ${port} is free again; not restarted (autoRestart is off): start it`);
        this.setStatus({ status: 'crashed' });
        return;
      }
      this.systemLog(`port ${port} is free again; restarting`);
      await this.launch('auto-restart').catch((error: unknown) => {
        this.systemLog(`auto-restart failed: ${messageOf(error)}`);
        this.setStatus({ status: 'crashed', nextRestartAt: null });
      });
    }).finally(() => {
      this.recovering = false;
    });
  }

  /** Look at the port again soon (the control API freed it from a holder). */
  recheckBind(): void {
    if (this.state.status === 'bind-loop' && this.child) this.bind.recheck();
  }

  private async exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.child !== child) return;
    this.bind.cancel();
    const at = this.deps.now();
    const pgid = child.pid!;
    this.child = null;
    this.state.lastExit = { code, signal, at };
    this.systemLog(`exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
    this.deps.emit({ type: 'service-exited', at, serviceId: this.id, code, signal });
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    if (this.stopping) {
      // halt() clears the pid once the whole group is gone and the port is free. Until then
      // a child still holding the port (the leader died first) is the service's own, not a
      // foreign owner.
      for (const w of waiters) w();
      return;
    }
    for (const w of waiters) w();
    // The leader died on its own: what it started may still run (and hold the port).
    // Never leave the group alive. Queued, so a start() clicked meanwhile waits for it.
    // The pid stays in the state while the group is swept, so its leftovers still count as
    // the service's own (same process group), not as foreign listeners.
    this.setStatus({ status: 'stopping' });
    await this.serial(async () => {
      await this.deps.stopGroup(pgid, { graceMs: 1000, port: null }).catch(() => undefined);
      if (this.child) return; // started again by a user action meanwhile
      this.setStatus({ pid: null });
      await this.afterCrash(code, signal, at);
    });
  }

  private async afterCrash(code: number | null, signal: NodeJS.Signals | null, at: number): Promise<void> {
    const port = this.config.port ?? null;
    if (this.bind.seen) {
      const holder = port !== null ? await this.deps.describeHolder(port).catch(() => null) : null;
      const why = holder ?? (port !== null ? `port ${port} was in use (now free)` : 'the address was in use');
      // Not retried blindly: the control starts it again once the holder is gone (portFreed).
      this.systemLog(`address already in use: ${why}; not restarting while the port is held`);
      this.setStatus({ status: 'bind-loop', nextRestartAt: null });
      return;
    }
    const clean = code === 0 && signal === null;
    if (!this.state.autoRestart) {
      this.setStatus({ status: clean ? 'stopped' : 'crashed' });
      return;
    }
    const delay = this.crashes.record(at);
    if (delay === null) {
      this.systemLog(`crashed ${this.crashes.recent} times within a minute; not restarting`);
      this.setStatus({ status: 'crashed', nextRestartAt: null });
      return;
    }
    this.setStatus({ status: 'backoff', nextRestartAt: at + delay });
    this.restartTimer = this.deps.timers.setTimeout(() => {
      this.restartTimer = null;
      void this.serial(async () => {
        if (this.state.status !== 'backoff') return;
        await this.launch('auto-restart').catch((error: unknown) => {
          this.systemLog(`auto-restart failed: ${messageOf(error)}`);
          this.setStatus({ status: 'crashed', nextRestartAt: null });
        });
      });
    }, delay);
  }

  /** Stop whatever runs; always leaves status "stopped" with no group alive. */
  private async halt(): Promise<StopGroupResult | null> {
    this.cancelRestart();
    this.bind.cancel();
    const child = this.child;
    if (!child || child.pid === undefined) {
      if (this.state.status !== 'stopped' || this.state.pid !== null) this.setStatus({ status: 'stopped', pid: null });
      return null;
    }
    this.stopping = true;
    this.setStatus({ status: 'stopping' });
    const exited = new Promise<void>((done) => this.exitWaiters.push(done));
    const graceMs = this.config.graceMs;
    const stopped = await this.deps.stopGroup(child.pid, { graceMs, port: this.config.port ?? null });
    // The leader is gone from the OS; wait (bounded) for Node to see its exit.
    await Promise.race([exited, new Promise<void>((done) => this.deps.timers.setTimeout(done, 2000))]);
    this.child = null;
    this.stopping = false;
    this.setStatus({ status: 'stopped', pid: null });
    return stopped;
  }
}
