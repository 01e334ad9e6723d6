import { describe, expect, it } from 'vitest';
import { addSample, healthLatencySeries, MAX_METRIC_SAMPLES, outcomeRateSeries, queriesAvoided } from './chart-series.ts';

const m = (rejects: number, hits: number, neg: number, db: number): Record<string, number> => ({
  bloom_rejects_total: rejects,
  cache_hits_total: hits,
  cache_negative_hits_total: neg,
  db_queries_total: db,
});

describe('chart series', () => {
  it('charts latency with gaps for failed probes', () => {
    expect(
      healthLatencySeries([
        { at: 1000, ok: true, latencyMs: 5 },
        { at: 2000, ok: false, latencyMs: 30 },
        { at: 3000, ok: true, latencyMs: null },
      ]),
    ).toEqual([
      [1, 2, 3],
      [5, null, null],
    ]);
  });

  it('turns counter samples into per-second rates by outcome', () => {
    const samples = [
      { at: 0, metrics: m(0, 0, 0, 0) },
      { at: 2000, metrics: m(10, 4, 2, 6) },
    ];
    expect(outcomeRateSeries(samples)).toEqual([[2], [5], [2], [1], [3]]);
    expect(outcomeRateSeries(samples.slice(0, 1))).toEqual([[], [], [], [], []]);
  });

  it('bounds the sample buffer and restarts it after a counter reset', () => {
    let s: ReturnType<typeof addSample> = [];
    for (let i = 0; i < MAX_METRIC_SAMPLES + 5; i++) s = addSample(s, { at: i * 1000, metrics: m(i, 0, 0, 0) });
    expect(s).toHaveLength(MAX_METRIC_SAMPLES);
    s = addSample(s, { at: 10_000_000, metrics: m(0, 0, 0, 0) });
    expect(s).toHaveLength(1);
  });

  it('counts the database queries avoided', () => {
    expect(queriesAvoided(m(10, 4, 2, 6))).toEqual({ avoided: 16, total: 22 });
    expect(queriesAvoided(null)).toEqual({ avoided: 0, total: 0 });
  });
});
