import type { HealthSample } from '../model/health.ts';

/** Samples kept per port (for the dashboard's chart): the last 60 probes. */
export const HEALTH_HISTORY_LENGTH = 60;

/** A new history with `sample` appended and the oldest dropped beyond the bound. */
export function appendSample(history: readonly HealthSample[], sample: HealthSample, limit = HEALTH_HISTORY_LENGTH): HealthSample[] {
  const next = [...history, sample];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
