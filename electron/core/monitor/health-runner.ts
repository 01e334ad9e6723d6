/**
 * The health probes of the watched ports, each on its own timer: runs them, keeps the
 * latest result per port, and probes again at once when a port's owners change (an answer
 * belongs to the process that gave it). The monitor derives port states from the results.
 */
import type { PortHealth } from '../model/health.ts';
import type { ControlEvent } from '../model/state.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import { runPortHealth } from '../health/run-health.ts';
import type { ListenerRecord } from '../model/ports.ts';
import type { Timers } from '../model/timers.ts';
import type { WatchEntry } from './watch-list.ts';

export interface HealthRunnerDeps {
  now: () => number;
  timers: Timers;
  elevated: boolean;
  /** Who owns the listener a probe of `entry` connected to. */
  lookupOwner: (entry: WatchEntry, remoteAddress: string, port: number) => Promise<PortHealth['answeredBy']>;
  emit: (event: ControlEvent) => void;
  /** A result came in (the monitor recomputes). */
  updated: () => Promise<void>;
  /** Whether probes should run now (monitoring on, not paused). */
  active: () => boolean;
  entries: () => readonly WatchEntry[];
}

export class HealthRunner {
  private readonly deps: HealthRunnerDeps;
  private readonly results = new Map<number, PortHealth>();
  private readonly timers = new Map<number, unknown>();
  private readonly running = new Map<number, Promise<PortHealth | null>>();
  /** Per port: the owner pids seen at the last poll. */
  private readonly owners = new Map<number, string>();
  /** Ports whose owners changed while a probe was in flight: probe again when it ends. */
  private readonly reprobeAfter = new Set<number>();
  private version = 0;

  constructor(deps: HealthRunnerDeps) {
    this.deps = deps;
  }

  result(port: number): PortHealth | null {
    return this.results.get(port) ?? null;
  }

  /** Forget results of ports no longer watched. */
  retain(ports: ReadonlySet<number>): void {
    for (const port of [...this.results.keys()]) if (!ports.has(port)) this.results.delete(port);
    for (const port of [...this.owners.keys()]) if (!ports.has(port)) this.owners.delete(port);
  }

  /** (Re)start every probe's timer; the first probe runs at once. */
  schedule(): void {
    this.clear();
    if (!this.deps.active()) return;
    const version = ++this.version;
    for (const entry of this.deps.entries()) {
      if (entry.health === null) continue;
      const every = entry.health.intervalMs ?? HEALTH_DEFAULTS.intervalMs;
      const tick = (): void => {
        this.timers.delete(entry.port);
        void this.check(entry).finally(() => {
          if (this.deps.active() && version === this.version) this.timers.set(entry.port, this.deps.timers.setTimeout(tick, every));
        });
      };
      this.timers.set(entry.port, this.deps.timers.setTimeout(tick, 0));
    }
  }

  clear(): void {
    for (const handle of this.timers.values()) this.deps.timers.clearTimeout(handle);
    this.timers.clear();
  }

  /** Wait for the probes in flight. */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()].map((p) => p.catch(() => null)));
  }

  /** Run every configured probe now. */
  async runAll(): Promise<void> {
    await Promise.all(
      this.deps
        .entries()
        .filter((e) => e.health !== null)
        .map((e) => this.check(e)),
    );
  }

  /**
   * A health answer belongs to the process that gave it: when a port's owners change (a
   * rogue freed, a service restarted), the last result is void, so probe now instead of
   * showing it until the next interval (5 s by default).
   */
  ownersSeen(byPort: ReadonlyMap<number, readonly ListenerRecord[]>): void {
    for (const entry of this.deps.entries()) {
      if (entry.health === null) continue;
      const owners = [...new Set((byPort.get(entry.port) ?? []).map((l) => l.pid ?? -1))].sort((a, b) => a - b).join(',');
      const before = this.owners.get(entry.port);
      this.owners.set(entry.port, owners);
      if (before === undefined || before === owners || !this.deps.active()) continue;
      // A probe in flight may have connected before the change: probe once more after it.
      if (this.running.has(entry.port)) this.reprobeAfter.add(entry.port);
      else void this.check(entry);
    }
  }

  check(entry: WatchEntry): Promise<PortHealth | null> {
    const inFlight = this.running.get(entry.port);
    if (inFlight) return inFlight;
    const job = (async (): Promise<PortHealth | null> => {
      const previous = this.results.get(entry.port) ?? null;
      const config = {
        port: entry.port,
        ...(entry.service ? { service: entry.service } : {}),
        ...(entry.owner ? { owner: entry.owner } : {}),
        health: entry.health ?? {},
      };
      const result = await runPortHealth(config, previous, {
        now: this.deps.now,
        elevated: this.deps.elevated,
        lookupOwner: (address, port) => this.deps.lookupOwner(entry, address, port),
      });
      if (!this.deps.entries().some((e) => e.port === entry.port)) return null; // unwatched meanwhile
      this.results.set(entry.port, result);
      const before = previous?.state ?? 'unknown';
      if (before !== result.state)
        this.deps.emit({ type: 'health-changed', at: this.deps.now(), port: entry.port, state: result.state, previous: before });
      await this.deps.updated();
      return result;
    })().finally(() => {
      this.running.delete(entry.port);
      if (this.reprobeAfter.delete(entry.port) && this.deps.active() && this.deps.entries().includes(entry)) void this.check(entry);
    });
    this.running.set(entry.port, job);
    return job;
  }
}
