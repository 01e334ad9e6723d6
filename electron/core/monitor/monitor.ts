/**
 * The poll loop: one snapshot per poll for the watched ports only (the reader keeps it cheap:
 * one `ss -ltnHe` in the steady state, owners resolved only for sockets it has not seen),
 * per-port status and conflicts, health probes on their own timers, and transition events.
 * Polls never overlap: the next one is scheduled when the previous one finishes.
 */
import type { AnsweredBy, ControlEvent, PortHealth, PortState, ServiceState } from '../control/contract.ts';
import type { PortwardenConfig } from '../config/types.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import type { ListenerRecord, PortSnapshot, SnapshotReader } from '../ports/types.ts';
import type { ProcessTable } from '../processes/types.ts';
import type { Timers } from '../timers.ts';
import { runPortHealth } from '../health/run-health.ts';
import { answeredBy } from './answered-by.ts';
import { ConflictTracker } from './conflict-events.ts';
import { classifyPort, gatherFacts } from './port-analysis.ts';
import { TreeResolver } from './process-tree.ts';
import { watchList } from './watch-list.ts';
import type { WatchEntry } from './watch-list.ts';

export interface MonitorDeps {
  reader: SnapshotReader;
  processes: ProcessTable;
  now: () => number;
  timers: Timers;
  platform?: NodeJS.Platform;
  /** Current managed-service states. */
  services: () => readonly ServiceState[];
  emit: (event: ControlEvent) => void;
  /** Called after port states changed (the control then emits its `state` event). */
  changed: () => void;
  /** Called when a poll fails (the OS could not be read); the last state is kept. */
  onError?: (error: unknown) => void;
  /**
   * Cheap change check (Linux: netlink-fingerprint.ts). When it returns the same value as at
   * the last full read, the poll reuses that snapshot instead of reading the OS again.
   */
  fingerprint?: (ports: readonly number[]) => Promise<string | null>;
  /** A full read at least this often even when the fingerprint is unchanged. Default 5000. */
  fullReadEveryMs?: number;
}

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
  private readonly health = new Map<number, PortHealth>();
  private readonly healthTimers = new Map<number, unknown>();
  private readonly healthRunning = new Map<number, Promise<PortHealth | null>>();
  /** Per watched port with a health check: the owner pids seen at the last poll. */
  private readonly healthOwners = new Map<number, string>();
  /** Ports whose owners changed while a probe was in flight: probe again when it ends. */
  private readonly reprobeAfter = new Set<number>();
  private snapshot: PortSnapshot | null = null;
  private states: PortState[] = [];
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private running = false;
  private pausedFlag = false;
  private healthVersion = 0;
  private computeQueue: Promise<void> = Promise.resolve();
  private lastFingerprint: string | null = null;
  private lastFullReadAt = 0;
  private lastFullReadPorts = '';
  /**
   * Bumped on every managed-service state change; the snapshot remembers the value it was
   * read under. A snapshot read before a change can't be judged against the new state: a
   * child still holding the port a moment before its service stopped would look foreign.
   */
  private serviceVersion = 0;
  private snapshotVersion = 0;
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
    this.entries = watchList(config);
    this.intervalMs = config.pollIntervalMs;
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

  lastSnapshot(): PortSnapshot | null {
    return this.snapshot;
  }

  /** Start polling (first poll right away) and the health timers. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.pollNow();
    this.scheduleHealth();
  }

  /** Stop every timer and wait for a poll in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    await this.inFlight?.catch(() => undefined);
    await Promise.all([...this.healthRunning.values()].map((p) => p.catch(() => null)));
  }

  async setPaused(paused: boolean): Promise<void> {
    if (paused === this.pausedFlag) return;
    this.pausedFlag = paused;
    if (paused) this.clearTimers();
    else if (this.running) {
      await this.pollNow();
      this.scheduleHealth();
    }
    this.deps.changed();
  }

  /** Apply a new config: new watch list and interval; conflicts of dropped ports resolve. */
  async applyConfig(config: PortwardenConfig): Promise<void> {
    this.entries = watchList(config);
    this.intervalMs = config.pollIntervalMs;
    const watched = new Set(this.entries.map((e) => e.port));
    for (const port of [...this.health.keys()]) if (!watched.has(port)) this.health.delete(port);
    this.cache.clear();
    if (this.running && !this.pausedFlag) {
      this.clearTimers();
      await this.pollNow();
      this.scheduleHealth();
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
        if (this.running && !this.pausedFlag) {
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
    return this.running && !this.pausedFlag ? this.pollNow() : this.recompute();
  }

  /**
   * Recompute from the last snapshot (a health result came in; no OS read), unless that
   * snapshot predates a service change: then a fresh poll.
   */
  async recompute(): Promise<void> {
    if (this.running && !this.pausedFlag && this.snapshotVersion !== this.serviceVersion) return this.pollNow();
    const run = this.computeQueue.then(() => this.computeNow(this.snapshot?.listeners ?? []));
    this.computeQueue = run.catch(() => undefined);
    await run;
  }

  /** Run every configured health check now; returns the port states after. */
  async runHealthChecks(): Promise<PortState[]> {
    await Promise.all(this.entries.filter((e) => e.health !== null).map((e) => this.checkHealth(e)));
    return this.states;
  }

  private async poll(): Promise<void> {
    const ports = this.entries.map((e) => e.port);
    if (ports.length === 0) {
      this.snapshot = { takenAt: this.deps.now(), listeners: [] };
    } else {
      // Taken BEFORE the read: a change between the two makes the next fingerprint differ,
      // so it costs one extra read, never a missed bind.
      const key = ports.join(',');
      // A service that changes state during the read makes that read stale: read again
      // (bounded), so its lingering listeners are never judged against its new state.
      for (let attempt = 0; attempt < 3; attempt++) {
        const version = this.serviceVersion;
        const fingerprint = this.deps.fingerprint ? await this.deps.fingerprint(ports).catch(() => null) : null;
        const fresh = this.deps.now() - this.lastFullReadAt < (this.deps.fullReadEveryMs ?? 5000);
        const sameServices = this.snapshotVersion === version;
        if (fingerprint !== null && fingerprint === this.lastFingerprint && key === this.lastFullReadPorts && fresh && sameServices && this.snapshot) {
          this.skippedReads += 1;
        } else {
          this.snapshot = await this.deps.reader.read({ ports, owners: true });
          this.lastFingerprint = fingerprint;
          this.lastFullReadAt = this.deps.now();
          this.lastFullReadPorts = key;
        }
        this.snapshotVersion = version;
        if (this.serviceVersion === version) break;
      }
    }
    this.polls += 1;
    this.lastError = null;
    await this.compute(this.snapshot?.listeners ?? []);
  }

  private servicePid(service: ServiceState | null): number | null {
    // The supervisor keeps the pid exactly while the service's group lives (running,
    // starting, stopping, or a watcher blocked in bind-loop), so no status test is needed.
    return service?.pid ?? null;
  }

  /** Computations run one at a time, so a slow one can't overwrite a newer result. */
  private compute(all: readonly ListenerRecord[]): Promise<void> {
    const run = this.computeQueue.then(() => this.computeNow(all));
    this.computeQueue = run.catch(() => undefined);
    return run;
  }

  private async computeNow(all: readonly ListenerRecord[]): Promise<void> {
    if (this.running && !this.pausedFlag && this.serviceVersion !== this.snapshotVersion) {
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
      const health = this.health.get(entry.port) ?? null;
      const signature = JSON.stringify([
        entry,
        listeners,
        service ? [service.status, service.pid, service.blockedBy] : null,
        health?.checkedAt ?? null,
        health?.state ?? null,
      ]);
      const cached = this.cache.get(entry.port);
      if (cached && cached.signature === signature) {
        next.push(cached.state);
        continue;
      }
      const facts = await gatherFacts(listeners, this.servicePid(service), tree, this.deps.platform);
      const state = classifyPort(entry, facts, service, health);
      this.cache.set(entry.port, { signature, state });
      next.push(state);
    }
    for (const port of [...this.cache.keys()]) if (!next.some((s) => s.port === port)) this.cache.delete(port);
    this.reprobeWhenOwnersChange(byPort);
    const changed = next.length !== this.states.length || next.some((s, i) => s !== this.states[i]);
    this.states = next;
    for (const event of this.tracker.update(next, this.deps.now())) this.deps.emit(event);
    if (changed) this.deps.changed();
  }

  /**
   * A health answer belongs to the process that gave it: when a port's owners change (a
   * rogue freed, a service restarted), the last result is void, so probe now instead of
   * showing it until the next interval (5 s by default).
   */
  private reprobeWhenOwnersChange(byPort: ReadonlyMap<number, readonly ListenerRecord[]>): void {
    for (const entry of this.entries) {
      if (entry.health === null) continue;
      const owners = [...new Set((byPort.get(entry.port) ?? []).map((l) => l.pid ?? -1))].sort((a, b) => a - b).join(',');
      const before = this.healthOwners.get(entry.port);
      this.healthOwners.set(entry.port, owners);
      if (before === undefined || before === owners || !this.running || this.pausedFlag) continue;
      // A probe in flight may have connected before the change: probe once more after it.
      if (this.healthRunning.has(entry.port)) this.reprobeAfter.add(entry.port);
      else void this.checkHealth(entry);
    }
    for (const port of [...this.healthOwners.keys()]) if (!this.entries.some((e) => e.port === port)) this.healthOwners.delete(port);
  }

  private clearTimers(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
    for (const handle of this.healthTimers.values()) this.deps.timers.clearTimeout(handle);
    this.healthTimers.clear();
  }

  private scheduleHealth(): void {
    for (const handle of this.healthTimers.values()) this.deps.timers.clearTimeout(handle);
    this.healthTimers.clear();
    if (!this.running || this.pausedFlag) return;
    const version = ++this.healthVersion;
    for (const entry of this.entries) {
      if (entry.health === null) continue;
      const every = entry.health.intervalMs ?? HEALTH_DEFAULTS.intervalMs;
      const tick = (): void => {
        this.healthTimers.delete(entry.port);
        void this.checkHealth(entry).finally(() => {
          if (this.running && !this.pausedFlag && version === this.healthVersion) {
            this.healthTimers.set(entry.port, this.deps.timers.setTimeout(tick, every));
          }
        });
      };
      this.healthTimers.set(entry.port, this.deps.timers.setTimeout(tick, 0));
    }
  }

  /** Who owns the listener a probe connected to: a fresh (cheap, cached) snapshot of that port. */
  private async lookupOwner(entry: WatchEntry, remoteAddress: string, port: number): Promise<AnsweredBy | null> {
    const snap = await this.deps.reader.read({ ports: [port], owners: true });
    const service = entry.service !== null ? (this.deps.services().find((s) => s.id === entry.service) ?? null) : null;
    return answeredBy(snap.listeners, remoteAddress, port, this.servicePid(service), new TreeResolver(this.deps.processes), entry.service !== null);
  }

  private checkHealth(entry: WatchEntry): Promise<PortHealth | null> {
    const running = this.healthRunning.get(entry.port);
    if (running) return running;
    const job = (async (): Promise<PortHealth | null> => {
      const previous = this.health.get(entry.port) ?? null;
      const result = await runPortHealth({ port: entry.port, ...(entry.service ? { service: entry.service } : {}), health: entry.health ?? {} }, previous, {
        now: this.deps.now,
        lookupOwner: (address, port) => this.lookupOwner(entry, address, port),
      });
      if (!this.entries.some((e) => e.port === entry.port)) return null; // unwatched meanwhile
      this.health.set(entry.port, result);
      const before = previous?.state ?? 'unknown';
      if (before !== result.state) {
        this.deps.emit({ type: 'health-changed', at: this.deps.now(), port: entry.port, state: result.state, previous: before });
      }
      await this.recompute();
      return result;
    })().finally(() => {
      this.healthRunning.delete(entry.port);
      if (this.reprobeAfter.delete(entry.port) && this.running && !this.pausedFlag && this.entries.includes(entry)) void this.checkHealth(entry);
    });
    this.healthRunning.set(entry.port, job);
    return job;
  }
}
