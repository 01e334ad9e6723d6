import { describe, expect, it } from 'vitest';
import {
  BloomFilter,
  DEFAULT_EXPECTED_ITEMS,
  DEFAULT_FALSE_POSITIVE_RATE,
  optimalParameters,
} from '../../../electron/product-service/bloom-filter.ts';
import { fmix32, hashPair } from '../../../electron/product-service/hash.ts';

const id = (i: number): string => `P${String(i).padStart(7, '0')}`;

function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let w of bits) {
    while (w) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

describe('Bloom filter sizing', () => {
  it('defaults to n = 1,000,000, p = 0.01 → m = 9,585,059 bits, k = 7', () => {
    expect(DEFAULT_EXPECTED_ITEMS).toBe(1_000_000);
    expect(DEFAULT_FALSE_POSITIVE_RATE).toBe(0.01);
    expect(optimalParameters(1_000_000, 0.01)).toEqual({ m: 9_585_059, k: 7 });
    const f = BloomFilter.create();
    expect(f.m).toBe(9_585_059);
    expect(f.k).toBe(7);
    expect(f.bits.length).toBe(Math.ceil(9_585_059 / 32));
  });

  it('sizes a tiny filter with the same formulas', () => {
    // m = ceil(−10·ln 0.5 / ln²2) = ceil(14.43) = 15, k = round(1.5·ln 2) = 1
    expect(optimalParameters(10, 0.5)).toEqual({ m: 15, k: 1 });
  });

  it('rejects impossible parameters', () => {
    expect(() => optimalParameters(0, 0.01)).toThrow(RangeError);
    expect(() => optimalParameters(10, 1)).toThrow(RangeError);
    expect(() => optimalParameters(10, 0)).toThrow(RangeError);
  });
});

describe('Bloom filter behaviour', () => {
  it('never gives a false negative and keeps the false-positive rate near the target', () => {
    const n = 50_000;
    const f = BloomFilter.create(n, 0.01);
    for (let i = 1; i <= n; i++) f.add(id(i));
    for (let i = 1; i <= n; i++) expect(f.has(id(i))).toBe(true);
    let fp = 0;
    for (let i = n + 1; i <= 3 * n; i++) if (f.has(id(i))) fp++;
    const rate = fp / (2 * n);
    // Theory at capacity is 1.0%; allow sampling noise on 100k probes.
    expect(rate).toBeGreaterThan(0.006);
    expect(rate).toBeLessThan(0.014);
  });

  it('tracks the set-bit count incrementally and reports fill and estimated FP by the formula', () => {
    const f = BloomFilter.create(10_000, 0.01);
    for (let i = 0; i < 5_000; i++) f.add(`id-${i}`);
    expect(f.setBits).toBe(popcount(f.bits));
    expect(f.fillRatio()).toBeCloseTo(popcount(f.bits) / f.m, 12);
    const expected = Math.pow(1 - Math.exp((-f.k * f.count) / f.m), f.k);
    expect(f.estimatedFalsePositiveRate()).toBe(expected);
    expect(f.count).toBe(5_000);
  });

  it('reports whether an add changed any bit, and counts only when asked to', () => {
    const f = BloomFilter.create(100, 0.01);
    expect(f.add('A')).toBe(true);
    expect(f.add('A', false)).toBe(false);
    expect(f.count).toBe(1);
    expect(f.add('B', false)).toBe(true);
    expect(f.count).toBe(1);
  });

  it('uses a secret seed per build: two builds set different bits for the same ids', () => {
    const a = BloomFilter.create(1000, 0.01);
    const b = BloomFilter.create(1000, 0.01);
    expect([a.seed1, a.seed2]).not.toEqual([b.seed1, b.seed2]);
    for (let i = 0; i < 100; i++) {
      a.add(id(i));
      b.add(id(i));
    }
    expect(Buffer.from(a.bits.buffer).equals(Buffer.from(b.bits.buffer))).toBe(false);
  });

  it('sets exactly the bits that double hashing over hashPair predicts', () => {
    const f = BloomFilter.create(1000, 0.01);
    for (const key of ['P0000001', 'x', 'a-much-longer:id.with_all-chars', 'Z'.repeat(128)]) {
      const before = new Uint32Array(f.bits);
      f.add(key);
      const h = new Int32Array(2);
      hashPair(key, f.seed1, f.seed2, h);
      const expected = new Set<number>();
      let idx = h[0] % f.m;
      for (let i = 0; i < f.k; i++) {
        expected.add(idx);
        idx = (idx + (h[1] % f.m || 1)) % f.m;
      }
      expect(new Set(f.indices(key))).toEqual(expected);
      for (let i = 0; i < f.m; i++) {
        const now = (f.bits[i >>> 5] >>> (i & 31)) & 1;
        const was = (before[i >>> 5] >>> (i & 31)) & 1;
        if (now !== was) expect(expected.has(i)).toBe(true);
      }
      for (const i of expected) expect((f.bits[i >>> 5] >>> (i & 31)) & 1).toBe(1);
    }
  });

  it('is deterministic for a given seed', () => {
    const seed = { seed1: 1, seed2: 2 };
    const a = BloomFilter.create(1000, 0.01, seed);
    const b = BloomFilter.create(1000, 0.01, seed);
    a.add('hello');
    b.add('hello');
    expect(Buffer.from(a.bits.buffer).equals(Buffer.from(b.bits.buffer))).toBe(true);
  });
});

describe('keyed hashing', () => {
  it('gives two 31-bit base hashes that depend on the key and on both seeds', () => {
    const out = new Int32Array(2);
    hashPair('P0000001', 1, 2, out);
    const [h1, h2] = out;
    expect(h1).toBeGreaterThanOrEqual(0);
    expect(h2).toBeGreaterThanOrEqual(0);
    hashPair('P0000001', 3, 2, out);
    expect(out[0]).not.toBe(h1);
    hashPair('P0000001', 1, 4, out);
    expect(out[1]).not.toBe(h2);
    hashPair('P0000002', 1, 2, out);
    expect(out[0]).not.toBe(h1);
    expect(out[1]).not.toBe(h2);
  });

  it('fmix32 avalanches: one input bit flips about half the output bits', () => {
    let flipped = 0;
    for (let i = 0; i < 1000; i++) {
      const a = fmix32(i * 2654435761);
      const b = fmix32((i * 2654435761) ^ 1);
      flipped += popcount(new Uint32Array([a ^ b]));
    }
    expect(flipped / 1000).toBeGreaterThan(12);
    expect(flipped / 1000).toBeLessThan(20);
  });
});
