import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, decodeEntry, encodeEntry, jitterTtl } from '../../../electron/product-service/cache.ts';
import { LruProductCache } from '../../../electron/product-service/lru-cache.ts';
import { parseProductBody } from '../../../electron/product-service/routes.ts';
import { ProductStore } from '../../../electron/product-service/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProductStore (real SQLite file)', () => {
  it('stores, reads, counts and pages ids; WAL mode; database id survives reopening', () => {
    const file = join(dir, 'a.sqlite');
    const store = new ProductStore({ file, now: () => 42 });
    expect(store.insert({ id: 'B', name: 'bee', price: 2 })).toBe(true);
    expect(store.insert({ id: 'A', name: null, price: null })).toBe(true);
    expect(store.insert({ id: 'A', name: 'again', price: 1 })).toBe(false);
    expect(store.get('A')).toEqual({ id: 'A', name: null, price: null });
    expect(store.get('Z')).toBeNull();
    expect(store.lookupQueries).toBe(2);
    expect(store.count()).toBe(2);
    expect(store.idsAfter('', 1)).toEqual(['A']);
    expect(store.idsAfter('A', 10)).toEqual(['B']);
    const id = store.databaseId;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    store.close();

    const raw = new DatabaseSync(file);
    expect((raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect(raw.prepare('SELECT updated_at FROM products WHERE id = ?').get('B')).toEqual({ updated_at: 42 });
    raw.close();

    const again = new ProductStore({ file });
    expect(again.databaseId).toBe(id);
    expect(again.count()).toBe(2);
    again.close();
  });

  it('rolls back a failed transaction', () => {
    const store = new ProductStore({ file: join(dir, 'b.sqlite') });
    expect(() =>
      store.transaction(() => {
        store.insert({ id: 'X', name: null, price: null });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.count()).toBe(0);
    store.close();
  });
});

describe('cache helpers', () => {
  it('uses cache:product:{id} keys', () => {
    expect(cacheKey('P1')).toBe('cache:product:P1');
  });

  it('jitters TTLs by ±15%', () => {
    expect(jitterTtl(60_000, () => 0)).toBe(51_000);
    expect(jitterTtl(60_000, () => 0.5)).toBe(60_000);
    expect(jitterTtl(60_000, () => 0.999999)).toBe(69_000);
    const values = new Set(Array.from({ length: 50 }, () => jitterTtl(60_000)));
    expect(values.size).toBeGreaterThan(10);
  });

  it('encodes entries and ignores foreign values', () => {
    const e = { epoch: 'x.1', product: { id: 'P', name: 'n', price: 1 } };
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
    expect(decodeEntry(encodeEntry({ epoch: 'x.1', product: null }))).toEqual({ epoch: 'x.1', product: null });
    expect(decodeEntry('not json')).toBeUndefined();
    expect(decodeEntry('{"p":null}')).toBeUndefined();
  });

  it('LRU entries expire after their TTL', async () => {
    const cache = new LruProductCache({ max: 10 });
    await cache.set('P', { epoch: 'e', product: null }, 50);
    expect(await cache.get('P')).toEqual({ epoch: 'e', product: null });
    await new Promise((r) => setTimeout(r, 120));
    expect(await cache.get('P')).toBeUndefined();
  });
});

describe('POST body validation', () => {
  it('accepts a well-formed product', () => {
    expect(parseProductBody({ id: 'P1', name: 'n', price: 0 })).toEqual({ id: 'P1', name: 'n', price: 0 });
  });
  it.each([
    [null, /JSON object/],
    [[1], /JSON object/],
    ['P1', /JSON object/],
    [{ id: 1, name: 'n', price: 1 }, /id must be a string/],
    [{ id: '', name: 'n', price: 1 }, /empty/],
    [{ id: 'a b', name: 'n', price: 1 }, /may only contain/],
    [{ id: 'x'.repeat(129), name: 'n', price: 1 }, /longer than 128/],
    [{ id: 'P', name: 5, price: 1 }, /name must be a string/],
    [{ id: 'P', name: '', price: 1 }, /1-256/],
    [{ id: 'P', name: 'n', price: '1' }, /price must be a number/],
    [{ id: 'P', name: 'n', price: -1 }, /negative/],
    [{ id: 'P', name: 'n', price: 1, extra: true }, /unknown field/],
  ])('rejects %j', (body, reason) => {
    expect(parseProductBody(body)).toMatch(reason);
  });
});

describe('ProductStore.insertMany', () => {
  it('inserts in 100-row statements plus a remainder, counting only new rows', () => {
    const store = new ProductStore({ file: join(dir, 'many.sqlite') });
    store.insert({ id: 'M5', name: 'old', price: 1 });
    const products = Array.from({ length: 250 }, (_, i) => ({ id: `M${i}`, name: `n${i}`, price: i }));
    expect(store.transaction(() => store.insertMany(products))).toBe(249);
    expect(store.count()).toBe(250);
    expect(store.get('M5')).toEqual({ id: 'M5', name: 'old', price: 1 });
    expect(store.get('M249')).toEqual({ id: 'M249', name: 'n249', price: 249 });
    expect(store.insertMany([])).toBe(0);
    store.close();
  });
});
