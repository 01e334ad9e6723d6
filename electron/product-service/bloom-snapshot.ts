/**
 * Versioned binary snapshot of a Bloom filter, so a restart is warm instead of re-reading
 * every id from the database.
 *
 * Layout (little-endian), 76-byte header, then the bit array, then a CRC-32:
 *   0  magic "PWBLOOM\0" (8 bytes)       44 seed2 u32
 *   8  version u32 (= 1)                 48 database id (16 bytes, see store.ts)
 *   12 m u32                             64 database row count f64 at save time
 *   16 k u32                             72 bit-array length in 32-bit words u32
 *   20 expected items u32                76 bits …
 *   24 target false-positive rate f64    end−4 CRC-32 (node:zlib) of every byte before it
 *   32 count u32
 *   36 set bits u32
 *   40 seed1 u32
 *
 * A snapshot is only trusted when the checksum matches AND it was taken from the same
 * database with the same number of rows (rows are never deleted, so an equal count means
 * no row was added since). Anything else makes the caller rebuild from the database:
 * trusting a stale filter would produce false negatives.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { BloomFilter } from './bloom-filter.ts';
import { messageOf } from '../core/model/errors.ts';

const MAGIC = Buffer.from('PWBLOOM\0', 'latin1');
export const SNAPSHOT_VERSION = 1;
const HEADER_BYTES = 76;

/** Why a snapshot was rejected. */
export class SnapshotError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SnapshotError';
  }
}

/** What the snapshot says about the database it was taken from. */
export interface SnapshotOrigin {
  /** 32 hex characters (16 bytes). */
  databaseId: string;
  rowCount: number;
}

export function encodeSnapshot(filter: BloomFilter, origin: SnapshotOrigin): Buffer {
  const bitsBytes = filter.bits.byteLength;
  const buf = Buffer.alloc(HEADER_BYTES + bitsBytes + 4);
  MAGIC.copy(buf, 0);
  buf.writeUInt32LE(SNAPSHOT_VERSION, 8);
  buf.writeUInt32LE(filter.m, 12);
  buf.writeUInt32LE(filter.k, 16);
  buf.writeUInt32LE(filter.expectedItems, 20);
  buf.writeDoubleLE(filter.falsePositiveRate, 24);
  buf.writeUInt32LE(filter.count, 32);
  buf.writeUInt32LE(filter.setBits, 36);
  buf.writeUInt32LE(filter.seed1, 40);
  buf.writeUInt32LE(filter.seed2, 44);
  const idBytes = Buffer.from(origin.databaseId, 'hex');
  if (idBytes.length !== 16) throw new RangeError('databaseId must be 32 hex characters');
  idBytes.copy(buf, 48);
  buf.writeDoubleLE(origin.rowCount, 64);
  buf.writeUInt32LE(filter.bits.length, 72);
  // Copy the words as bytes; Uint32Array uses the platform's byte order, and every
  // platform Node ships on is little-endian, matching the header.
  Buffer.from(filter.bits.buffer, filter.bits.byteOffset, bitsBytes).copy(buf, HEADER_BYTES);
  buf.writeUInt32LE(crc32(buf.subarray(0, buf.length - 4)), buf.length - 4);
  return buf;
}

export function decodeSnapshot(buf: Buffer): { filter: BloomFilter; origin: SnapshotOrigin } {
  if (buf.length < HEADER_BYTES + 4) throw new SnapshotError('file too short to be a snapshot');
  if (!buf.subarray(0, 8).equals(MAGIC)) throw new SnapshotError('not a Portwarden Bloom snapshot (bad magic)');
  const version = buf.readUInt32LE(8);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`unsupported snapshot version ${version}`);
  const stored = buf.readUInt32LE(buf.length - 4);
  if (crc32(buf.subarray(0, buf.length - 4)) !== stored) throw new SnapshotError('checksum mismatch (corrupt snapshot)');
  const m = buf.readUInt32LE(12);
  const words = buf.readUInt32LE(72);
  if (words !== Math.ceil(m / 32) || buf.length !== HEADER_BYTES + words * 4 + 4) {
    throw new SnapshotError('bit array length does not match m');
  }
  // Copy into a fresh, aligned array (the file buffer may not be 4-byte aligned).
  const bits = new Uint32Array(words);
  Buffer.from(bits.buffer).set(buf.subarray(HEADER_BYTES, HEADER_BYTES + words * 4));
  let filter: BloomFilter;
  try {
    filter = new BloomFilter({
      m,
      k: buf.readUInt32LE(16),
      expectedItems: buf.readUInt32LE(20),
      falsePositiveRate: buf.readDoubleLE(24),
      count: buf.readUInt32LE(32),
      setBits: buf.readUInt32LE(36),
      seed: { seed1: buf.readUInt32LE(40), seed2: buf.readUInt32LE(44) },
      bits,
    });
  } catch (err) {
    throw new SnapshotError(`invalid snapshot header: ${messageOf(err)}`, { cause: err });
  }
  return {
    filter,
    origin: { databaseId: buf.subarray(48, 64).toString('hex'), rowCount: buf.readDoubleLE(64) },
  };
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a snapshot. Owner-only
 * (0600): the file holds the filter's secret seed, and with it anyone could search offline
 * for ids that pass the filter.
 */
export function saveSnapshot(file: string, filter: BloomFilter, origin: SnapshotOrigin): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, encodeSnapshot(filter, origin), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Reads and validates a snapshot file; throws SnapshotError (or an fs error) when unusable. */
export function loadSnapshot(file: string): { filter: BloomFilter; origin: SnapshotOrigin } {
  return decodeSnapshot(readFileSync(file));
}
