/**
 * `npm run bench:bloom`: our Bloom filter against `bloomfilter` (jasondavies) and
 * `bloom-filters`, n = 1e6 ids P0000001…, absent ids P1000001…, p = 0.01, in one run.
 *
 * Ours and bloomfilter are compared pair by pair in interleaved rounds
 * (support/interleaved.ts): per round, one pass of 1e6 operations with each, back to back, and
 * the ratio ours / bloomfilter of operations per second; reported as min, median, max over
 * BLOOM_BENCH_ROUNDS (default 40) rounds, per operation (absent lookups, present lookups,
 * inserts into a fresh filter). bloom-filters runs at ~150k ops/s, so it gets one round: all
 * 1e6 inserts, lookups timed on a 200k sample.
 *
 * Prints ONE JSON object: {results: [{impl, insertsPerSec, presentLookupsPerSec,
 * absentLookupsPerSec, measuredFpRate, bytes}], ratios: {absentLookups, presentLookups,
 * inserts}, targets}. Targets: the median absent-lookup ratio ≥ 1.15; measured FP within
 * ±10% of the theory.
 */
import bloomFilters from 'bloom-filters';
import { BloomFilter as JdBloomFilter } from 'bloomfilter';
import { BloomFilter, optimalParameters } from '../../electron/product-service/bloom-filter.ts';
import { compareAB } from './support/interleaved.ts';

const N = 1_000_000;
const P = 0.01;
const ROUNDS = Number(process.env.BLOOM_BENCH_ROUNDS ?? 40);
const SLOW_SAMPLE = 200_000;
const { m: M, k: K } = optimalParameters(N, P);
const id = (i: number): string => `P${String(i).padStart(7, '0')}`;
const present = Array.from({ length: N }, (_, i) => id(i + 1));
const absent = Array.from({ length: N }, (_, i) => id(i + 1 + N));

const perSec = (count: number, t0: number): number => Math.round(count / ((performance.now() - t0) / 1000));

// One hand-written loop per implementation and operation: a shared loop calling through a
// closure would be a megamorphic call site and measure the call, not the filter.
function oursInserts(): { filter: BloomFilter; perSec: number } {
  const f = BloomFilter.create(N, P);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f.add(present[i]);
  return { filter: f, perSec: perSec(N, t0) };
}
function jdInserts(): { filter: JdBloomFilter; perSec: number } {
  const f = new JdBloomFilter(M, K);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f.add(present[i]);
  return { filter: f, perSec: perSec(N, t0) };
}
function oursLookups(f: BloomFilter, ids: string[]): { perSec: number; hits: number } {
  let hits = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.has(ids[i])) hits++;
  return { perSec: perSec(N, t0), hits };
}
function jdLookups(f: JdBloomFilter, ids: string[]): { perSec: number; hits: number } {
  let hits = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.test(ids[i])) hits++;
  return { perSec: perSec(N, t0), hits };
}

function measureBloomFilters() {
  const f = bloomFilters.BloomFilter.create(N, P);
  let t0 = performance.now();
  for (let i = 0; i < N; i++) f.add(present[i]);
  const insertsPerSec = perSec(N, t0);
  let hits = 0;
  t0 = performance.now();
  for (let i = 0; i < SLOW_SAMPLE; i++) if (f.has(present[i])) hits++;
  const presentLookupsPerSec = perSec(SLOW_SAMPLE, t0);
  if (hits !== SLOW_SAMPLE) throw new Error('bloom-filters: false negatives');
  let fp = 0;
  t0 = performance.now();
  for (let i = 0; i < SLOW_SAMPLE; i++) if (f.has(absent[i])) fp++;
  return {
    impl: 'bloom-filters',
    insertsPerSec,
    presentLookupsPerSec,
    absentLookupsPerSec: perSec(SLOW_SAMPLE, t0),
    measuredFpRate: fp / SLOW_SAMPLE,
    bytes: Math.ceil(f.size / 8),
  };
}

// The filters the lookup rounds use, built once; every insert round builds a fresh one.
const ours = oursInserts().filter;
const jd = jdInserts().filter;
const oursFp = oursLookups(ours, absent).hits / N;
const jdFp = jdLookups(jd, absent).hits / N;
if (oursLookups(ours, present).hits !== N) throw new Error('portwarden: false negatives');
if (jdLookups(jd, present).hits !== N) throw new Error('bloomfilter: false negatives');

const options = { rounds: ROUNDS, warmup: 3 };
const absentLookups = await compareAB(
  { name: 'portwarden', run: () => oursLookups(ours, absent).perSec },
  { name: 'bloomfilter', run: () => jdLookups(jd, absent).perSec },
  options,
);
const presentLookups = await compareAB(
  { name: 'portwarden', run: () => oursLookups(ours, present).perSec },
  { name: 'bloomfilter', run: () => jdLookups(jd, present).perSec },
  options,
);
const inserts = await compareAB(
  { name: 'portwarden', run: () => oursInserts().perSec },
  { name: 'bloomfilter', run: () => jdInserts().perSec },
  { rounds: Math.max(5, Math.round(ROUNDS / 4)), warmup: 1 },
);

const results = [
  {
    impl: 'portwarden',
    insertsPerSec: inserts.aValue.median,
    presentLookupsPerSec: presentLookups.aValue.median,
    absentLookupsPerSec: absentLookups.aValue.median,
    measuredFpRate: oursFp,
    bytes: ours.byteLength(),
  },
  {
    impl: 'bloomfilter',
    insertsPerSec: inserts.bValue.median,
    presentLookupsPerSec: presentLookups.bValue.median,
    absentLookupsPerSec: absentLookups.bValue.median,
    measuredFpRate: jdFp,
    bytes: jd.buckets.byteLength,
  },
  measureBloomFilters(),
];

const theoreticalFpRate = Math.pow(1 - Math.exp((-K * N) / M), K);
const fpVsTheory = oursFp / theoreticalFpRate;
process.stdout.write(
  `${JSON.stringify(
    {
      results,
      ratios: { absentLookups: absentLookups.ratio, presentLookups: presentLookups.ratio, inserts: inserts.ratio },
      n: N,
      p: P,
      m: M,
      k: K,
      theoreticalFpRate,
      rounds: ROUNDS,
      node: process.version,
      targets: {
        absentVsBloomfilter: absentLookups.ratio.median,
        absentVsBloomfilterMet: absentLookups.ratio.median >= 1.15,
        fpVsTheory: Number(fpVsTheory.toFixed(3)),
        fpWithin10PercentMet: Math.abs(fpVsTheory - 1) <= 0.1,
      },
    },
    null,
    2,
  )}\n`,
);
