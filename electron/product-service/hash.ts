/**
 * Keyed 32-bit string hashing for the Bloom filter.
 *
 * Both base hashes of double hashing are computed in ONE pass over the string's UTF-16 code
 * units (ids are ASCII, so code units = bytes): h1 is FNV-1a, h2 is a second multiplicative
 * accumulator with a different odd multiplier. Each accumulator starts from a secret 32-bit
 * seed (chosen with crypto.randomBytes per filter build), and each result goes through
 * MurmurHash3's fmix32 finalizer so every input bit affects every output bit.
 *
 * Why keyed: with a public hash an attacker can search offline for ids that pass the
 * filter (false positives) and replay them to reach the database. With a secret seed per
 * build, that search has to be done against the live service, where negative caching and
 * coalescing absorb it. This is not a MAC (SipHash would be), it only raises the bar; the
 * filter stays a pre-filter and the database stays the source of truth.
 *
 * Why one pass and Math.imul: computing two independent hashes costs one loop instead of two,
 * and Math.imul keeps every step in int32 (no float multiplication), which the reference
 * measurements (reference/bloom.md) show is what makes a JS filter fast.
 */

/** FNV-1a 32-bit offset basis and prime. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Odd multiplier for the second accumulator (golden-ratio constant, 2^32 / phi). */
const SECOND_PRIME = 0x9e3779b1;

/** MurmurHash3 32-bit finalizer (avalanche). Returns an unsigned 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Writes the two base hashes of `key` into out[0] (h1) and out[1] (h2), each a
 * non-negative 31-bit integer. `out` is a caller-owned scratch array so the hot path
 * allocates nothing. Callers make the double-hashing step non-zero (h2 mod m || 1).
 */
export function hashPair(key: string, seed1: number, seed2: number, out: Int32Array): void {
  let a = (FNV_OFFSET ^ seed1) | 0;
  let b = seed2 | 0;
  const len = key.length;
  for (let i = 0; i < len; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul((b + c) | 0, SECOND_PRIME) ^ (b >>> 15);
  }
  // Shifted to 31 bits so callers' `% m` runs on small integers (V8 Smis) instead of
  // doubles: a uint32 above 2^31 is a heap number and makes the modulo ~1.5x slower.
  out[0] = fmix32(a ^ len) >>> 1;
  out[1] = fmix32(b ^ seed1) >>> 1;
}

/** Two secret 32-bit seeds, e.g. from crypto.randomBytes(8). */
export interface HashSeed {
  seed1: number;
  seed2: number;
}
