/**
 * The poll loop: one snapshot per poll for the watched ports only (the reader keeps it cheap:
 * one `ss -ltnHe` in the steady state, owners resolved only for sockets it has not seen),
 * per-port status and conflicts, and transition events. Health probes run on their own
 * timers in health-runner.ts, log files are watched in log-watch.ts; both feed results back
 * here. Polls never overlap: the next one is scheduled when the previous one finishes.
 */
import type { AnsweredBy } from '../model/health.ts';
import type { ServiceState } from '../model/services.ts';
import type { PortState } from '../model/state.ts';
import type { PortwardenConfig } from '../model/config.ts';
import type { ListenerRecord, PortSnapshot } from '../model/ports.ts';
import { probeAnsweredBy } from './answered-by.ts';
import { ConflictTracker } from './conflict-events.ts';
import { derivePort } from './derive-port.ts';
import type { LogAlert } from './derive-port.ts';
import { HealthRunner } from './health-runner.ts';
import { gatherFacts } from './listener-facts.ts';
import { LogWatcher } from './log-watch.ts';
import { TreeResolver } from './process-tree.ts';
import { watchList } from './watch-list.ts';
import type { MonitorDeps } from './monitor-deps.ts';

export type { MonitorDeps };
import type { WatchEntry } from './watch-list.ts';

interface CachedPort {
  signature: string;
  state: PortState;
}

export class Monitor {
  private readonly deps: MonitorDeps;
  private entries: WatchEntry[];
  private intervalMs: number;
  private readonly tracker = new ConflictTracker();
  private readonly cache = new Map<number, CachedPort>();
  private readonly health: HealthRunner;
  private readonly logs: LogWatcher;
  /** Per port with a logFile: its latest "address already in use" line and who held the port then. */
  private readonly alerts = new Map<number, LogAlert>();
  private snapshot: PortSnapshot | null = null;
  /** When the OS was last looked at for the watched ports (a full read or an unchanged fingerprint). */
  private polledAt: number | null = null;
  private states: PortState[] = [];
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  /** Started (start() until stop()); polling happens while started and not paused (`polling`). */
  private started = false;
  private pausedFlag = false;
  /** Computations run one at a time, so a slow one can't overwrite a newer result. */
  private computeQueue: Promise<void> = Promise.resolve();
  /** The last full OS read: its fingerprint, when, and for which ports (poll skips repeats). */
  private lastFullRead: { fingerprint: string | null; at: number; ports: string } = { fingerprint: null, at: 0, ports: '' };
  /**
   * Bumped on every managed-service state change; the snapshot remembers the value it was
   * read under. A snapshot read before a change can't be judged against the new state: a
   * child still holding the port a moment before its service stopped would look foreign.
   */
  private serviceVersion = 0;
  private snapshotVersion = 0;
  /**
   * The All listeners view is open until this time (allListeners below): meanwhile each poll
   * reads every listener instead of the watched ports only. Nobody looking = no extra cost.
   */
  private allUntil = 0;
  /** The snapshot in `snapshot` holds every listener, not only the watched ports'. */
  private snapshotAll = false;
  /** Set when a poll's result was discarded as stale: the next poll runs at once. */
  private repoll = false;
  /** Polls answered from the fingerprint without a full OS read. */
  skippedReads = 0;
  /** Polls completed (for tests and the benchmark). */
  polls = 0;
  /** Duration of the last and the slowest poll, ms. */
  lastPollMs = 0;
  maxPollMs = 0;
  lastError: string | null = null;

  constructor(config: PortwardenConfig, deps: MonitorDeps) {
    this.deps = deps;
    this.entries = watchList(config, deps.baseDir);
    this.intervalMs = config.pollIntervalMs;
    this.health = new HealthRunner({
      now: deps.now,
      timers: deps.timers,
      elevated: deps.elevated ?? false,
      lookupOwner: (entry, address, port) => this.lookupOwner(entry, address, port),
      emit: deps.emit,
      updated: () => this.recompute(),
      active: () => this.polling,
      entries: () => this.entries,
    });
    this.logs = new LogWatcher(deps.timers, Math.min(500, config.pollIntervalMs), (port, line) => void this.logBindError(port, line));
  }

  /** Timers run and the OS is read: started and not paused. */
  private get polling(): boolean {
    return this.started && !this.pausedFlag;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  get pollIntervalMs(): number {
    return this.intervalMs;
  }

  /** The last computed port states. */
  ports(): PortState[] {
    return this.states;
  }

  watchedPorts(): number[] {
    return this.entries.map((e) => e.port);
  }

  /**
   * Every listener, from the poll's own snapshot (no second reader). Asking keeps the polls
   * reading the whole table for `leaseMs`; the first ask polls at once. Paused or stopped,
   * the reader is asked directly.
   */
  async allListeners(leaseMs: number): Promise<PortSnapshot> {
    this.allUntil = this.deps.now() + leaseMs;
    const fresh = (): boolean =>
      this.snapshotAll && this.snapshot !== null && this.deps.now() - this.snapshot.takenAt <= 2 * this.intervalMs + 1000;
    if (this.polling) {
      // A poll in flight may have started before the ask (watched ports only): then one more.
      for (let i = 0; i < 2 && !fresh(); i++) await this.pollNow();
      if (fresh()) return this.snapshot!;
    }
    return this.deps.reader.read({ owners: true });
  }

  /** Epoch ms of the last look at the OS the port states come from; null before the first poll. */
  get observedAt(): number | null {
    return this.polledAt;
  }

  /** Start polling (first poll right away) and the health timers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.watchLogs();
    await this.pollNow();
    this.health.schedule();
  }

  /** Stop every timer and wait for a poll in flight. */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimers();
    this.logs.close();
    await this.inFlight?.catch(() => undefined);
    await this.health.settle();
  }

  async setPaused(paused: boolean): Promise<void> {
    if (paused === this.pausedFlag) return;
    this.pausedFlag = paused;
    if (paused) {
      this.clearTimers();
      // A poll already under way finishes before "paused" is answered: none lands after it.
      await this.inFlight?.catch(() => undefined);
    } else if (this.started) {
      await this.pollNow();
      this.health.schedule();
    }
    this.deps.changed();
  }

  /** Apply a new config: new watch list and interval; conflicts of dropped ports resolve. */
  async applyConfig(config: PortwardenConfig): Promise<void> {
    this.entries = watchList(config, this.deps.baseDir);
    this.intervalMs = config.pollIntervalMs;
    const watched = new Set(this.entries.map((e) => e.port));
    this.health.retain(watched);
    for (const port of [...this.alerts.keys()]) if (!watched.has(port)) this.alerts.delete(port);
    this.cache.clear();
    if (this.started) await this.watchLogs();
    if (this.polling) {
      this.clearTimers();
      await this.pollNow();
      this.health.schedule();
    } else {
      await this.recompute();
    }
  }

  /**
   * Read the OS and recompute now. A poll already in flight is awaited instead of starting a
   * second one (no overlapping polls).
   */
  pollNow(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.timer !== null) {
      this.deps.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    const started = this.deps.now();
    this.inFlight = this.poll()
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.deps.onError?.(error);
      })
      .finally(() => {
        this.inFlight = null;
        this.lastPollMs = this.deps.now() - started;
        this.maxPollMs = Math.max(this.maxPollMs, this.lastPollMs);
        if (this.polling) {
          const wait = this.repoll ? 0 : Math.max(0, this.intervalMs - (this.deps.now() - started));
          this.repoll = false;
          this.timer = this.deps.timers.setTimeout(() => {
            this.timer = null;
            void this.pollNow();
          }, wait);
        }
      });
    return this.inFlight;
  }

  /**
   * A managed service changed state (started, exited, stopped). While polling, a fresh
   * snapshot is read before anything is judged against the new state; otherwise recompute.
   */
  servicesChanged(): Promise<void> {
    this.serviceVersion += 1;
    return this.polling ? this.pollNow() : this.recompute();
  }

  /**
   * Recompute from the last snapshot (a health result came in; no OS read), unless that
   * snapshot predates a service change: then a fresh poll.
   */
  private async recompute(): Promise<void> {
    if (this.polling && this.snapshotVersion !== this.serviceVersion) return this.pollNow();
    // The snapshot is taken when this computation's turn comes, not now: a poll queued
    // before it may still replace it.
    await this.compute(() => this.snapshot?.listeners ?? []);
  }

  /** Run every configured health check now; returns the port states after. */
  async runHealthChecks(): Promise<PortState[]> {
    await this.health.runAll();
    return this.states;
  }

  private async watchLogs(): Promise<void> {
    await this.logs.watch(this.entries.flatMap((e) => (e.logFile ? [{ port: e.port, file: e.logFile }] : [])));
  }

  /**
   * A log file said "address already in use": note who holds the port now (pid and start
   * time, so a reused pid is never blamed), then judge again at once.
   */
  private async logBindError(port: number, line: string): Promise<void> {
    if (!this.entries.some((e) => e.port === port)) return;
    const snap = await this.deps.reader.read({ ports: [port], owners: true }).catch(() => null);
    if (!snap) return;
    const tree = new TreeResolver(this.deps.processes);
    const holders = await Promise.all(
      snap.listeners
        .filter((l) => l.port === port)
        .map(async (l) => ({
          pid: l.pid,
          address: l.address,
          startTime: l.pid === null ? null : ((await tree.identity(l.pid))?.startTime ?? null),
        })),
    );
    this.alerts.set(port, { at: this.deps.now(), line, holders });
    if (this.polling) await this.pollNow();
    else await this.recompute();
  }

  private async poll(): Promise<void> {
    const ports = this.entries.map((e) => e.port);
    const all = this.deps.now() < this.allUntil;
    if (ports.length === 0 && !all) {
      this.snapshot = { takenAt: this.deps.now(), listeners: [] };
      this.snapshotAll = false;
    } else {
      // Taken BEFORE the read: a change between the two makes the next fingerprint differ,
      // so it costs one extra read, never a missed bind.
      const key = all ? '*' : ports.join(',');
      // A service that changes state during the read makes that read stale: read again
      // (bounded), so its lingering listeners are never judged against its new state.
      for (let attempt = 0; attempt < 3; attempt++) {
        const version = this.serviceVersion;
        // The fingerprint covers the watched ports only: with every listener wanted, read.
        const fingerprint = this.deps.fingerprint && !all ? await this.deps.fingerprint(ports).catch(() => null) : null;
        const last = this.lastFullRead;
        const fresh = this.deps.now() - last.at < (this.deps.fullReadEveryMs ?? 5000);
        const sameServices = this.snapshotVersion === version;
        if (fingerprint !== null && fingerprint === last.fingerprint && key === last.ports && fresh && sameServices && this.snapshot) {
          this.skippedReads += 1;
        } else {
          this.snapshot = await this.deps.reader.read(all ? { owners: true } : { ports, owners: true });
          this.snapshotAll = all;
          this.lastFullRead = { fingerprint, at: this.deps.now(), ports: key };
        }
        this.snapshotVersion = version;
        if (this.serviceVersion === version) break;
      }
    }
    this.polls += 1;
    this.polledAt = this.deps.now();
    this.lastError = null;
    const listeners = this.snapshot?.listeners ?? [];
    await this.compute(() => listeners);
  }

  private servicePid(service: ServiceState | null): number | null {
    // The supervisor keeps the pid exactly while the service's group lives (running,
    // starting, stopping, or a watcher blocked in bind-loop), so no status test is needed.
    return service?.pid ?? null;
  }

  /** Queue one computation over the listeners `all` gives when its turn comes. */
  private compute(all: () => readonly ListenerRecord[]): Promise<void> {
    const run = this.computeQueue.then(() => this.computeNow(all()));
    this.computeQueue = run.catch(() => undefined);
    return run;
  }

  private async computeNow(all: readonly ListenerRecord[]): Promise<void> {
    if (this.polling && this.serviceVersion !== this.snapshotVersion) {
      // A service changed after this snapshot was read: judge nothing, read again at once.
      this.repoll = true;
      if (!this.inFlight) void this.pollNow();
      return;
    }
    const services = new Map(this.deps.services().map((s) => [s.id, s]));
    const byPort = new Map<number, ListenerRecord[]>();
    for (const l of all) {
      const list = byPort.get(l.port);
      if (list) list.push(l);
      else byPort.set(l.port, [l]);
    }
    const tree = new TreeResolver(this.deps.processes);
    const next: PortState[] = [];
    for (const entry of this.entries) {
      const listeners = byPort.get(entry.port) ?? [];
      const service = entry.service !== null ? (services.get(entry.service) ?? null) : null;
      const health = this.health.result(entry.port);
      const alert = this.alerts.get(entry.port) ?? null;
      const signature = JSON.stringify([
        entry,
        listeners,
        service ? [service.status, service.pid] : null,
        health?.checkedAt ?? null,
        health?.state ?? null,
        alert?.at ?? null,
      ]);
      const cached = this.cache.get(entry.port);
      if (cached && cached.signature === signature) {
        next.push(cached.state);
        continue;
      }
      const facts = await gatherFacts(listeners, this.servicePid(service), tree, this.deps.platform, this.deps.details ?? null);
      const state = derivePort(entry, facts, service, health, alert, { elevated: this.deps.elevated ?? false });
      this.cache.set(entry.port, { signature, state });
      next.push(state);
    }
    for (const port of [...this.cache.keys()]) if (!next.some((s) => s.port === port)) this.cache.delete(port);
    this.health.ownersSeen(byPort);
    const changed = next.length !== this.states.length || next.some((s, i) => s !== this.states[i]);
    this.states = next;
    for (const event of this.tracker.update(next, this.deps.now())) this.deps.emit(event);
    if (changed) this.deps.changed();
  }

  private clearTimers(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
    this.health.clear();
  }

  /** Who owns the listener a probe connected to: a fresh (cheap, cached) snapshot of that port. */
  private async lookupOwner(entry: WatchEntry, remoteAddress: string, port: number): Promise<AnsweredBy | null> {
    const service = entry.service !== null ? (this.deps.services().find((s) => s.id === entry.service) ?? null) : null;
    return probeAnsweredBy(entry, remoteAddress, port, this.servicePid(service), this.deps);
  }
}
