/**
 * Labels for a chart's time axis: one clock time per tick, no date (uPlot's default puts
 * "12/1/26 3:45pm" under the first tick, which ran into the next label on the Health chart —
 * trial D3). Seconds are shown only when ticks are less than a minute apart.
 */
import { formatClock } from './format.ts';

/** Minimum room between two time labels, px ("14:03:07" in the axis font plus a gap). */
export const TIME_LABEL_SPACE = 80;

/** `ticks` in epoch seconds (uPlot's time scale), `incrSeconds` the step between them. */
export function timeAxisLabels(ticks: readonly number[], incrSeconds: number): string[] {
  return ticks.map((t) => {
    const clock = formatClock(t * 1000);
    return incrSeconds < 60 ? clock : clock.slice(0, 5);
  });
}
