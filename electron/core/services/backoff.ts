/**
 * Auto-restart policy: exponential backoff (500 ms doubling to 30 s) and a crash-loop cap
 * (5 crashes within 60 s → stop retrying, status "crashed").
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Crashes within `windowMs` that stop the retries. */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, maxCrashes: 5, windowMs: 60_000 };

/** Remembers recent crash times and decides the next delay (null = give up). */
export class CrashTracker {
  private readonly policy: BackoffPolicy;
  private crashes: number[] = [];

  constructor(policy: BackoffPolicy = DEFAULT_BACKOFF) {
    this.policy = policy;
  }

  /** Record a crash at `at`; returns the delay before the next start, or null when capped. */
  record(at: number): number | null {
    this.crashes = this.crashes.filter((t) => at - t < this.policy.windowMs);
    this.crashes.push(at);
    if (this.crashes.length >= this.policy.maxCrashes) return null;
    return Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** (this.crashes.length - 1));
  }

  reset(): void {
    this.crashes = [];
  }

  get recent(): number {
    return this.crashes.length;
  }
}
