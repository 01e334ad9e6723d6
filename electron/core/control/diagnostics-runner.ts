/**
 * Runs the diagnostics (health/diagnostics.ts) for the control API and keeps the critical
 * checks of the latest run, which count in the overall level. Besides every explicit
 * getDiagnostics call, they run at start, shortly after a service or the config changed,
 * and every REFRESH_MS, so the tray and `GET /health` see a missing env var or a command
 * not on PATH without anyone opening the dashboard.
 */
import type { DiagnosticCheck, Diagnostics } from './contract.ts';
import type { Timers } from '../model/timers.ts';

/** How often the diagnostics run on their own. */
export const REFRESH_MS = 30_000;
/** Changes closer together than this share one run. */
const DEBOUNCE_MS = 500;

export class DiagnosticsRunner {
  private critical: string[] = [];
  /** The latest result of each check: a background pass skips test binds and keeps the last one. */
  private latest = new Map<string, DiagnosticCheck>();
  private timer: unknown = null;
  private soon: unknown = null;
  private running: Promise<Diagnostics> | null = null;
  private active = false;
  /** `active`: an explicit run, test binds included; false: a background pass without them. */
  private readonly run: (active: boolean) => Promise<Diagnostics>;
  private readonly timers: Timers;
  private readonly changed: () => void;
  private readonly counts: (check: DiagnosticCheck) => boolean;

  /**
   * `counts` says which critical checks count in the overall level: a watched port held by
   * someone is judged live by the monitor (a conflict), so its check, up to a run old, is
   * left out there rather than outliving the holder.
   */
  constructor(
    run: (active: boolean) => Promise<Diagnostics>,
    timers: Timers,
    changed: () => void,
    counts: (check: DiagnosticCheck) => boolean = () => true,
  ) {
    this.run = run;
    this.timers = timers;
    this.changed = changed;
    this.counts = counts;
  }

  /** The critical checks of the latest run. */
  criticalChecks(): string[] {
    return this.critical;
  }

  /**
   * A run that starts now: an explicit request (getDiagnostics, after a config change) must
   * not get a run that began under the old config, so it waits for one in flight first.
   */
  async runFresh(): Promise<Diagnostics> {
    await this.running?.catch(() => undefined);
    return this.runNow(true);
  }

  /**
   * Run now (one run at a time: a caller during a run gets that run's result). The
   * background passes (`active` false) make no test bind: one could take a port at the very
   * moment a service binds it. Their skipped checks keep the last result that ran them.
   */
  runNow(active = false): Promise<Diagnostics> {
    if (this.running) return this.running;
    const job = this.run(active)
      .then((d) => {
        const next = new Map(d.checks.map((c) => [c.name, c]));
        for (const name of d.skipped ?? []) {
          // Only a test bind's verdict is kept (privileged, not local, free); a port that was
          // held then and is empty now has no verdict until the next explicit run.
          const kept = this.latest.get(name);
          const held = Array.isArray(kept?.details?.listeners) && kept.details.listeners.length > 0;
          if (kept && !held) next.set(name, kept);
        }
        this.latest = next;
        const critical = [...next.values()].filter((c) => c.status === 'critical' && this.counts(c)).map((c) => `${c.name}: ${c.message}`);
        this.update(critical);
        return d;
      })
      .finally(() => {
        this.running = null;
      });
    this.running = job;
    return job;
  }

  private update(next: string[]): void {
    if (JSON.stringify(next) === JSON.stringify(this.critical)) return;
    this.critical = next;
    this.changed();
  }

  /** The first run (with test binds: call it before any service starts), then the timer. */
  async start(): Promise<void> {
    this.active = true;
    await this.runFresh().catch(() => undefined);
    this.schedule();
  }

  stop(): void {
    this.active = false;
    for (const t of [this.timer, this.soon]) if (t !== null) this.timers.clearTimeout(t);
    this.timer = null;
    this.soon = null;
  }

  /** Something they depend on changed: run again shortly. */
  invalidate(): void {
    if (!this.active || this.soon !== null) return;
    this.soon = this.timers.setTimeout(() => {
      this.soon = null;
      void this.runNow().catch(() => undefined);
    }, DEBOUNCE_MS);
  }

  private schedule(): void {
    if (!this.active) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.runNow()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, REFRESH_MS);
  }
}
