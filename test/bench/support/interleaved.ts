/**
 * A/B comparison that survives a noisy machine: A and B run in interleaved rounds (A B, then
 * B A, …), and the ratio A/B is taken PAIR BY PAIR, inside each round. Load that hits one round
 * hits both sides of its pair alike, so the per-round ratios scatter far less than two
 * medians taken minutes apart. The report gives min, median and max of those ratios; the
 * median is the figure to quote.
 *
 * Each case returns the value to compare (e.g. operations per second), or nothing, in which
 * case the helper times it (milliseconds). Used by every `npm run bench:*` comparison.
 */
import { performance } from 'node:perf_hooks';

export interface BenchCase {
  name: string;
  /** One measurement. Return the value to compare, or nothing to have it timed (ms). */
  run: () => unknown;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface PairReport {
  a: string;
  b: string;
  rounds: number;
  /** value(A) / value(B) per round: min, median, max. */
  ratio: Spread;
  /** The values themselves (ms when timed): min, median, max over the rounds. */
  aValue: Spread;
  bValue: Spread;
}

export interface CompareOptions {
  /** Rounds that count. */
  rounds: number;
  /** Rounds run first and thrown away (JIT warm-up, caches). Default 1. */
  warmup?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function spread(values: readonly number[], digits = 3): Spread {
  const round = (n: number): number => Number(n.toFixed(digits));
  return { min: round(Math.min(...values)), median: round(median(values)), max: round(Math.max(...values)) };
}

async function measure(bench: BenchCase): Promise<number> {
  const start = performance.now();
  const value = await bench.run();
  const elapsed = performance.now() - start;
  return typeof value === 'number' ? value : elapsed;
}

/**
 * Runs every case against `baseline`: per round, each case and a fresh baseline run back to
 * back (the order swapped every other round), and reports case / baseline per round.
 */
export async function compareInterleaved(baseline: BenchCase, cases: readonly BenchCase[], options: CompareOptions): Promise<PairReport[]> {
  const warmup = options.warmup ?? 1;
  const mine = cases.map(() => [] as number[]);
  const base = cases.map(() => [] as number[]);
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (const [j, bench] of cases.entries()) {
      const swap = (round + j) % 2 === 1;
      const first = await measure(swap ? baseline : bench);
      const second = await measure(swap ? bench : baseline);
      if (round < warmup) continue;
      mine[j]?.push(swap ? second : first);
      base[j]?.push(swap ? first : second);
    }
  }
  return cases.map((c, j) => {
    const a = mine[j] as number[];
    const b = base[j] as number[];
    return {
      a: c.name,
      b: baseline.name,
      rounds: options.rounds,
      ratio: spread(a.map((v, r) => v / (b[r] as number))),
      aValue: spread(a, 1),
      bValue: spread(b, 1),
    };
  });
}

/** Convenience for one pair: A against B. */
export async function compareAB(a: BenchCase, b: BenchCase, options: CompareOptions): Promise<PairReport> {
  const [report] = await compareInterleaved(b, [a], options);
  return report as PairReport;
}
