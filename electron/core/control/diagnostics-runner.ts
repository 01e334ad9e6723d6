/**
 * Runs the diagnostics (health/diagnostics.ts) for the control API and keeps the critical
 * checks of the latest run, which count in the overall level. Besides every explicit
 * getDiagnostics call, they run at start, shortly after a service or the config changed,
 * and every REFRESH_MS, so the tray and `GET /health` see a missing env var or a command
 * not on PATH without anyone opening the dashboard.
 */
import type { DiagnosticCheck, Diagnostics } from './contract.ts';
import type { Timers } from '../timers.ts';

/** How often the diagnostics run on their own. */
export const REFRESH_MS = 30_000;
/** Changes closer together than this share one run. */
const DEBOUNCE_MS = 500;

export class DiagnosticsRunner {
  private critical: string[] = [];
  private timer: unknown = null;
  private soon: unknown = null;
  private running: Promise<Diagnostics> | null = null;
  private active = false;
  private readonly run: () => Promise<Diagnostics>;
  private readonly timers: Timers;
  private readonly changed: () => void;
  private readonly counts: (check: DiagnosticCheck) => boolean;

  /**
   * `counts` says which critical checks count in the overall level: a watched port held by
   * someone is judged live by the monitor (a conflict), so its check, up to a run old, is
   * left out there rather than outliving the holder.
   */
  constructor(run: () => Promise<Diagnostics>, timers: Timers, changed: () => void, counts: (check: DiagnosticCheck) => boolean = () => true) {
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
    return this.runNow();
  }

  /** Run now (one run at a time: a caller during a run gets that run's result). */
  runNow(): Promise<Diagnostics> {
    if (this.running) return this.running;
    const job = this.run()
      .then((d) => {
        const next = d.checks.filter((c) => c.status === 'critical' && this.counts(c)).map((c) => `${c.name}: ${c.message}`);
        if (JSON.stringify(next) !== JSON.stringify(this.critical)) {
          this.critical = next;
          this.changed();
        }
        return d;
      })
      .finally(() => {
        this.running = null;
      });
    this.running = job;
    return job;
  }

  start(): void {
    this.active = true;
    void this.runNow().catch(() => undefined);
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
