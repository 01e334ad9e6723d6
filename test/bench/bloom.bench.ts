/**
 * `npm run bench:bloom`: our Bloom filter against `bloomfilter` (jasondavies) and
 * `bloom-filters`, n = 1e6 ids P0000001…, absent ids P1000001…, p = 0.01, in one run.
 * Prints {"results": [{impl, insertsPerSec, presentLookupsPerSec, absentLookupsPerSec,
 * measuredFpRate, bytes}, …], …}. Targets: our absentLookupsPerSec ≥ 1.15 × bloomfilter's;
 * measured FP within ±10% of the theory.
 *
 * The two fast filters are measured in 5 interleaved rounds (fresh filter each round) and
 * the median is reported, because this is a shared 2-core machine. bloom-filters runs at
 * ~150k ops/s, so it gets one round: all 1e6 inserts, lookups timed on a 200k sample.
 */
import bloomFilters from 'bloom-filters';
import { BloomFilter as JdBloomFilter } from 'bloomfilter';
import { BloomFilter, optimalParameters } from '../../electron/product-service/bloom-filter.ts';

const N = 1_000_000;
const P = 0.01;
const ROUNDS = 5;
const SLOW_SAMPLE = 200_000;
const { m: M, k: K } = optimalParameters(N, P);
const id = (i: number): string => `P${String(i).padStart(7, '0')}`;
const present = Array.from({ length: N }, (_, i) => id(i + 1));
const absent = Array.from({ length: N }, (_, i) => id(i + 1 + N));

interface Measured {
  insertsPerSec: number;
  presentLookupsPerSec: number;
  absentLookupsPerSec: number;
  measuredFpRate: number;
  bytes: number;
}

const perSec = (count: number, t0: number): number => Math.round(count / ((performance.now() - t0) / 1000));

// One hand-written loop per implementation and operation: a shared loop calling through a
// closure would be a megamorphic call site and measure the call, not the filter.
function measureOurs(): Measured {
  const f = BloomFilter.create(N, P);
  let t0 = performance.now();
  for (let i = 0; i < N; i++) f.add(present[i]);
  const insertsPerSec = perSec(N, t0);
  let hits = 0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.has(present[i])) hits++;
  const presentLookupsPerSec = perSec(N, t0);
  if (hits !== N) throw new Error(`portwarden: ${N - hits} false negatives`);
  let fp = 0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.has(absent[i])) fp++;
  return { insertsPerSec, presentLookupsPerSec, absentLookupsPerSec: perSec(N, t0), measuredFpRate: fp / N, bytes: f.byteLength() };
}

function measureBloomfilter(): Measured {
  const f = new JdBloomFilter(M, K);
  let t0 = performance.now();
  for (let i = 0; i < N; i++) f.add(present[i]);
  const insertsPerSec = perSec(N, t0);
  let hits = 0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.test(present[i])) hits++;
  const presentLookupsPerSec = perSec(N, t0);
  if (hits !== N) throw new Error(`bloomfilter: ${N - hits} false negatives`);
  let fp = 0;
  t0 = performance.now();
  for (let i = 0; i < N; i++) if (f.test(absent[i])) fp++;
  return { insertsPerSec, presentLookupsPerSec, absentLookupsPerSec: perSec(N, t0), measuredFpRate: fp / N, bytes: f.buckets.byteLength };
}

function measureBloomFilters(): Measured {
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
  return { insertsPerSec, presentLookupsPerSec, absentLookupsPerSec: perSec(SLOW_SAMPLE, t0), measuredFpRate: fp / SLOW_SAMPLE, bytes: Math.ceil(f.size / 8) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours: Measured[] = [];
const jd: Measured[] = [];
for (let r = 0; r < ROUNDS; r++) {
  ours.push(measureOurs());
  jd.push(measureBloomfilter());
}
const summarize = (impl: string, rs: Measured[]): Measured & { impl: string } => ({
  impl,
  insertsPerSec: median(rs.map((x) => x.insertsPerSec)),
  presentLookupsPerSec: median(rs.map((x) => x.presentLookupsPerSec)),
  absentLookupsPerSec: median(rs.map((x) => x.absentLookupsPerSec)),
  measuredFpRate: median(rs.map((x) => x.measuredFpRate)),
  bytes: rs[0].bytes,
});
const results = [summarize('portwarden', ours), summarize('bloomfilter', jd), { impl: 'bloom-filters', ...measureBloomFilters() }];

const theoreticalFpRate = Math.pow(1 - Math.exp((-K * N) / M), K);
const absentVsBloomfilter = results[0].absentLookupsPerSec / results[1].absentLookupsPerSec;
const fpVsTheory = results[0].measuredFpRate / theoreticalFpRate;
process.stdout.write(
  `${JSON.stringify(
    {
      results,
      n: N,
      p: P,
      m: M,
      k: K,
      theoreticalFpRate,
      rounds: ROUNDS,
      node: process.version,
      targets: {
        absentVsBloomfilter: Number(absentVsBloomfilter.toFixed(3)),
        absentVsBloomfilterMet: absentVsBloomfilter >= 1.15,
        fpVsTheory: Number(fpVsTheory.toFixed(3)),
        fpWithin10PercentMet: Math.abs(fpVsTheory - 1) <= 0.1,
      },
    },
    null,
    2,
  )}\n`,
);
