/** Building uPlot's column-oriented data from health history and product-metric samples. Pure. */
import type { HealthSample } from '../../../electron/core/control/contract.ts';

/** uPlot's AlignedData: x values (seconds) then one array per series, null for gaps. */
export type Series = [number[], ...(number | null)[][]];

/** Latency over time; a failed probe is a gap (null), so failures break the line. */
export function healthLatencySeries(history: readonly HealthSample[]): Series {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  for (const s of history) {
    xs.push(s.at / 1000);
    ys.push(s.ok && s.latencyMs !== null ? s.latencyMs : null);
  }
  return [xs, ys];
}

/** The product service's request outcomes, in the order charted. */
export const OUTCOMES = [
  { key: 'bloom_rejects_total', label: 'Rejected by filter' },
  { key: 'cache_hits_total', label: 'Cache hit' },
  { key: 'cache_negative_hits_total', label: 'Negative-cache hit' },
  { key: 'db_queries_total', label: 'Database' },
] as const;

export interface MetricSample {
  at: number;
  metrics: Record<string, number>;
}

/** Maximum samples kept for the live chart (2 s apart → 4 minutes). */
export const MAX_METRIC_SAMPLES = 120;

/** Append a sample, dropping the oldest beyond the bound and samples with a counter reset before them. */
export function addSample(samples: readonly MetricSample[], next: MetricSample): MetricSample[] {
  const last = samples[samples.length - 1];
  // A restarted service starts its counters at 0 again; older samples would give negative rates.
  const reset = last !== undefined && OUTCOMES.some((o) => (next.metrics[o.key] ?? 0) < (last.metrics[o.key] ?? 0));
  const kept = reset ? [] : samples;
  if (last && next.at <= last.at && !reset) return [...kept.slice(0, -1), next];
  const all = [...kept, next];
  return all.length > MAX_METRIC_SAMPLES ? all.slice(all.length - MAX_METRIC_SAMPLES) : all;
}

/** Requests per second by outcome between consecutive samples. */
export function outcomeRateSeries(samples: readonly MetricSample[]): Series {
  const xs: number[] = [];
  const cols: number[][] = OUTCOMES.map(() => []);
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const dt = (b.at - a.at) / 1000;
    if (dt <= 0) continue;
    xs.push(b.at / 1000);
    OUTCOMES.forEach((o, j) => {
      const d = (b.metrics[o.key] ?? 0) - (a.metrics[o.key] ?? 0);
      cols[j].push(Math.max(0, d) / dt);
    });
  }
  return [xs, ...cols];
}

/**
 * Lookups that never reached the database: answered by the filter, the cache or the
 * negative cache. (db_queries_total counts the ones that did.)
 */
export function queriesAvoided(metrics: Record<string, number> | null | undefined): { avoided: number; total: number } {
  if (!metrics) return { avoided: 0, total: 0 };
  const avoided = (metrics.bloom_rejects_total ?? 0) + (metrics.cache_hits_total ?? 0) + (metrics.cache_negative_hits_total ?? 0);
  return { avoided, total: avoided + (metrics.db_queries_total ?? 0) };
}
