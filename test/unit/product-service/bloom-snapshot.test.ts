import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BloomFilter } from '../../../electron/product-service/bloom-filter.ts';
import { SnapshotError, loadSnapshot, saveSnapshot } from '../../../electron/product-service/bloom-snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const origin = { databaseId: '0123456789abcdef0123456789abcdef', rowCount: 1234 };

function sample(): BloomFilter {
  const f = BloomFilter.create(10_000, 0.01);
  for (let i = 0; i < 1234; i++) f.add(`P${i}`);
  return f;
}

describe('Bloom snapshot', () => {
  it('round-trips every field, the bits and the origin', () => {
    const f = sample();
    const file = join(dir, 'a.bloom');
    saveSnapshot(file, f, origin);
    const { filter, origin: o } = loadSnapshot(file);
    expect(o).toEqual(origin);
    expect([filter.m, filter.k, filter.count, filter.setBits, filter.seed1, filter.seed2]).toEqual([
      f.m,
      f.k,
      f.count,
      f.setBits,
      f.seed1,
      f.seed2,
    ]);
    expect(filter.expectedItems).toBe(10_000);
    expect(filter.falsePositiveRate).toBe(0.01);
    expect(Buffer.from(filter.bits.buffer).equals(Buffer.from(f.bits.buffer))).toBe(true);
    for (let i = 0; i < 1234; i++) expect(filter.has(`P${i}`)).toBe(true);
  });

  it('is readable by its owner only (it holds the secret seed)', () => {
    const file = join(dir, 'mode.bloom');
    saveSnapshot(file, sample(), origin);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('detects a flipped bit anywhere (checksum)', () => {
    const file = join(dir, 'b.bloom');
    saveSnapshot(file, sample(), origin);
    const buf = readFileSync(file);
    buf[200] ^= 0x10;
    writeFileSync(file, buf);
    expect(() => loadSnapshot(file)).toThrow(/checksum/);
  });

  it('detects truncation', () => {
    const file = join(dir, 'c.bloom');
    saveSnapshot(file, sample(), origin);
    const buf = readFileSync(file);
    writeFileSync(file, buf.subarray(0, buf.length - 100));
    expect(() => loadSnapshot(file)).toThrow(SnapshotError);
    writeFileSync(file, buf.subarray(0, 10));
    expect(() => loadSnapshot(file)).toThrow(/too short/);
  });

  it('rejects a foreign file and an unknown version', () => {
    const foreign = join(dir, 'd.bloom');
    writeFileSync(foreign, Buffer.alloc(4096, 7));
    expect(() => loadSnapshot(foreign)).toThrow(/bad magic/);
    const file = join(dir, 'e.bloom');
    saveSnapshot(file, sample(), origin);
    const buf = readFileSync(file);
    buf.writeUInt32LE(99, 8);
    writeFileSync(file, buf);
    expect(() => loadSnapshot(file)).toThrow(/version 99/);
  });
});
