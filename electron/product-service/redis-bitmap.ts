/**
 * Converts between our filter's bit array (bloom-filter.ts: bit i is bit (i & 31) of 32-bit
 * word i >>> 5, least significant first, words stored little-endian) and a Redis bitmap
 * string (SETBIT/GETBIT: bit i is bit 7 − (i & 7) of byte i >>> 3, most significant first).
 * Byte i of our little-endian words holds bits 8i…8i+7 least significant first, so the two
 * layouts differ only by the bit order inside each byte: a 256-entry reversal table.
 */

const REVERSED = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 0x80 >> i;
  REVERSED[b] = r;
}

/** Our words → the Redis bitmap bytes (as many bytes as the words hold). */
export function toRedisBitmap(words: Uint32Array): Buffer {
  const src = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const out = Buffer.allocUnsafe(src.length);
  for (let i = 0; i < src.length; i++) out[i] = REVERSED[src[i]];
  return out;
}

/** ORs a Redis bitmap (possibly shorter than the array: Redis leaves trailing zero bytes out) into our words. */
export function orRedisBitmap(words: Uint32Array, bitmap: Uint8Array): void {
  const dst = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const n = Math.min(dst.length, bitmap.length);
  for (let i = 0; i < n; i++) dst[i] |= REVERSED[bitmap[i]];
}
