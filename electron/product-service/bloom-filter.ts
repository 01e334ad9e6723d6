/**
 * A Bloom filter written from scratch: a Uint32Array bit array, k indices by double hashing
 * over two keyed base hashes (hash.ts), unsigned 32-bit arithmetic throughout.
 *
 * Sizing (standard formulas, n = expected items, p = target false-positive rate):
 *   m = ceil(−n · ln p / (ln 2)²)   bits
 *   k = round((m / n) · ln 2)       hash functions
 * For the defaults n = 1,000,000 and p = 0.01:
 *   m = ceil(1,000,000 · 4.605170 / 0.480453) = ceil(9,585,058.38) = 9,585,059 bits (1.14 MiB)
 *   k = round(9.585059 · 0.693147) = round(6.6439) = 7
 * Estimated false-positive rate after `count` insertions:
 *   p_est = (1 − e^(−k · count / m))^k        (at count = n: 0.01004, i.e. 1.004 %)
 *
 * Indices: g_i = (h1 + i · h2) mod m for i = 0 … k−1 (Kirsch–Mitzenmacher double hashing).
 * Computed incrementally (idx += step, subtract m on overflow), which is exactly that
 * formula and never leaves the int32 range because m < 2^31.
 */
import { randomBytes } from 'node:crypto';
import { hashPair, type HashSeed } from './hash.ts';

/** Default capacity and target false-positive rate (the seed's requirement). */
export const DEFAULT_EXPECTED_ITEMS = 1_000_000;
export const DEFAULT_FALSE_POSITIVE_RATE = 0.01;

/** Largest bit array we allow: indices must stay below 2^31 for the int32 fast path. */
const MAX_BITS = 0x7fffffff;

/** m and k for n items at false-positive rate p (formulas in the file comment). */
export function optimalParameters(expectedItems: number, falsePositiveRate: number): { m: number; k: number } {
  if (!Number.isFinite(expectedItems) || expectedItems < 1) throw new RangeError('expectedItems must be >= 1');
  if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) throw new RangeError('falsePositiveRate must be in (0, 1)');
  const m = Math.ceil((-expectedItems * Math.log(falsePositiveRate)) / (Math.LN2 * Math.LN2));
  if (m > MAX_BITS) throw new RangeError(`filter too large: ${m} bits`);
  const k = Math.max(1, Math.round((m / expectedItems) * Math.LN2));
  return { m, k };
}

/** A fresh secret seed for one filter build. */
export function randomSeed(): HashSeed {
  const b = randomBytes(8);
  return { seed1: b.readUInt32LE(0), seed2: b.readUInt32LE(4) };
}

export interface BloomFilterInit {
  m: number;
  k: number;
  expectedItems: number;
  falsePositiveRate: number;
  seed: HashSeed;
  /** Existing bit array (snapshot load); a new zeroed one otherwise. */
  bits?: Uint32Array;
  count?: number;
  setBits?: number;
}

export class BloomFilter {
  /** Bit array size. */
  readonly m: number;
  /** Number of hash functions (indices per id). */
  readonly k: number;
  readonly expectedItems: number;
  readonly falsePositiveRate: number;
  readonly seed1: number;
  readonly seed2: number;
  readonly bits: Uint32Array;
  /** Ids added that set at least one new bit (an id whose bits were all set already is, as far as the filter can tell, present). */
  count: number;
  /** Number of 1 bits, tracked incrementally for the fill ratio. */
  setBits: number;
  /** Scratch for the two base hashes; reused so lookups allocate nothing. */
  private readonly scratch = new Int32Array(2);

  constructor(init: BloomFilterInit) {
    if (!Number.isInteger(init.m) || init.m < 1 || init.m > MAX_BITS) throw new RangeError(`bad m: ${init.m}`);
    if (!Number.isInteger(init.k) || init.k < 1 || init.k > 64) throw new RangeError(`bad k: ${init.k}`);
    this.m = init.m;
    this.k = init.k;
    this.expectedItems = init.expectedItems;
    this.falsePositiveRate = init.falsePositiveRate;
    this.seed1 = init.seed.seed1 >>> 0;
    this.seed2 = init.seed.seed2 >>> 0;
    const words = Math.ceil(init.m / 32);
    if (init.bits && init.bits.length !== words) throw new RangeError(`bit array has ${init.bits.length} words, expected ${words}`);
    this.bits = init.bits ?? new Uint32Array(words);
    this.count = init.count ?? 0;
    this.setBits = init.setBits ?? 0;
  }

  /** A filter sized for n items at rate p, with a fresh secret seed unless one is given. */
  static create(
    expectedItems = DEFAULT_EXPECTED_ITEMS,
    falsePositiveRate = DEFAULT_FALSE_POSITIVE_RATE,
    seed: HashSeed = randomSeed(),
  ): BloomFilter {
    const { m, k } = optimalParameters(expectedItems, falsePositiveRate);
    return new BloomFilter({ m, k, expectedItems, falsePositiveRate, seed });
  }

  /** Adds an id. Returns true when at least one bit changed. */
  add(id: string): boolean {
    const h = this.scratch;
    hashPair(id, this.seed1, this.seed2, h);
    const m = this.m;
    const bits = this.bits;
    let idx = h[0] % m;
    const step = h[1] % m || 1;
    let changed = 0;
    for (let i = 0; i < this.k; i++) {
      const w = idx >>> 5;
      const mask = 1 << (idx & 31);
      if ((bits[w] & mask) === 0) {
        bits[w] |= mask;
        changed++;
      }
      idx += step;
      if (idx >= m) idx -= m;
    }
    if (changed === 0) return false;
    this.setBits += changed;
    this.count++;
    return true;
  }

  /** False means "definitely absent"; true means "maybe present". */
  has(id: string): boolean {
    const h = this.scratch;
    hashPair(id, this.seed1, this.seed2, h);
    const m = this.m;
    const bits = this.bits;
    let idx = h[0] % m;
    const step = h[1] % m || 1;
    for (let i = 0; i < this.k; i++) {
      if ((bits[idx >>> 5] & (1 << (idx & 31))) === 0) return false;
      idx += step;
      if (idx >= m) idx -= m;
    }
    return true;
  }

  /** (1 − e^(−k·count/m))^k: the standard estimate for the current number of items. */
  estimatedFalsePositiveRate(): number {
    return Math.pow(1 - Math.exp((-this.k * this.count) / this.m), this.k);
  }

  /** Fraction of bits set. */
  fillRatio(): number {
    return this.setBits / this.m;
  }

  /** Bytes held by the bit array. */
  byteLength(): number {
    return this.bits.byteLength;
  }
}
