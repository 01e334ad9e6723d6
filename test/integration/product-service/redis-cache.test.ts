/**
 * The product service with a REAL redis-server on a free port: keys and TTLs, coalescing,
 * an outage mid-test (answers keep coming from the database, health degraded, errors
 * counted, no hanging), and recovery when Redis returns on the same port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProductService, type RunningProductService } from '../../../electron/product-service/index.ts';
import { BloomManager } from '../../../electron/product-service/bloom-manager.ts';
import { ProductLookup } from '../../../electron/product-service/lookup.ts';
import { createCounters } from '../../../electron/product-service/metrics.ts';
import { RedisProductCache } from '../../../electron/product-service/redis-cache.ts';
import { SqliteDatabase } from '../../../electron/product-service/database.ts';
import { startRedisServer, type RedisServer } from '../../support/redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-product-redis-'));
let redis: RedisServer;
const running: RunningProductService[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  while (running.length) await running.pop()!.close();
  if (!redis.running) await redis.start();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function start(options: Parameters<typeof startProductService>[0] = {}): Promise<RunningProductService> {
  const s = await startProductService({
    port: 0,
    redisUrl: redis.url,
    productsFile: null,
    dbFile: join(dir, `db-${n++}.sqlite`),
    ...options,
  });
  running.push(s);
  return s;
}

function productsFile(name: string, ids: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, ids.join('\n'));
  return file;
}

async function get(s: RunningProductService, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(s.url + path, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

async function rawRedis(): Promise<ReturnType<typeof createClient>> {
  const c = createClient({ url: redis.url });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** Finds an unknown id that passes a tiny filter (a false positive). */
async function findFalsePositive(s: RunningProductService, prefix: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const r = await get(s, `/products/${prefix}${i}`);
    if (r.body.source === 'db') return `${prefix}${i}`;
  }
  throw new Error('no false positive found');
}

describe('product service with Redis', () => {
  it('caches under cache:product:{id} with jittered TTLs, positive and negative', async () => {
    const tiny = productsFile(
      'tiny.txt',
      Array.from({ length: 10 }, (_, i) => `T${i}`),
    );
    const s = await start({ productsFile: tiny, expectedItems: 10, falsePositiveRate: 0.5, negativeTtlMs: 60_000, positiveTtlMs: 300_000 });
    // Redis connects in the background (start() never waits for it): on a busy machine the
    // first health read can come before the connection is up.
    expect(await waitFor(() => s.health().status === 'ok', 10_000)).toBe(true);
    expect(s.health()).toMatchObject({ status: 'ok', cache: 'redis' });
    expect((await get(s, '/products/T3')).body.source).toBe('db');
    expect((await get(s, '/products/T3')).body.source).toBe('cache');
    const fp = await findFalsePositive(s, 'F');
    const dbBefore = s.metrics().db_queries_total;
    expect((await get(s, `/products/${fp}`)).body).toMatchObject({ exists: false, source: 'cache' });
    expect(s.metrics().db_queries_total).toBe(dbBefore);

    const c = await rawRedis();
    try {
      const pos = await c.pTTL('cache:product:T3');
      expect(pos).toBeGreaterThan(300_000 * 0.85 - 5_000);
      expect(pos).toBeLessThanOrEqual(300_000 * 1.15);
      const neg = await c.pTTL(`cache:product:${fp}`);
      expect(neg).toBeGreaterThan(60_000 * 0.85 - 5_000);
      expect(neg).toBeLessThanOrEqual(60_000 * 1.15);
      expect(JSON.parse((await c.get(`cache:product:${fp}`))!)).toMatchObject({ p: null });
    } finally {
      c.destroy();
    }
  });

  it('coalesces concurrent misses for one id into one database query', async () => {
    const tiny = productsFile(
      'tiny-c.txt',
      Array.from({ length: 10 }, (_, i) => `K${i}`),
    );
    const s = await start({ productsFile: tiny, expectedItems: 10, falsePositiveRate: 0.5 });
    // present id, cold cache
    const before = s.metrics();
    const results = await Promise.all(Array.from({ length: 40 }, () => get(s, '/products/K5')));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(s.metrics().db_queries_total - before.db_queries_total).toBe(1);

    // unknown id that passes the filter: many concurrent misses, one query
    const fp = await findFalsePositive(s, 'Q');
    await (await rawRedis().then(async (c) => (await c.del(`cache:product:${fp}`), c))).destroy();
    const beforeFp = s.metrics().db_queries_total;
    const misses = await Promise.all(Array.from({ length: 40 }, () => get(s, `/products/${fp}`)));
    expect(misses.every((r) => r.status === 404)).toBe(true);
    expect(s.metrics().db_queries_total - beforeFp).toBe(1);
  });

  it('coalesces misses that arrive while a load is in flight (lookup layer, real Redis and SQLite)', async () => {
    const store = new SqliteDatabase(join(dir, `direct-${n++}.sqlite`));
    const cache = new RedisProductCache({ url: redis.url });
    cache.start();
    try {
      const bloom = new BloomManager({ store, expectedItems: 100, falsePositiveRate: 0.01, snapshotFile: null, log: () => {} });
      await bloom.init();
      bloom.add('HERE');
      await store.insert({ id: 'HERE', name: 'h', price: 1 });
      const counters = createCounters();
      const lookup = new ProductLookup({ filter: bloom, store, cache, counters, epoch: `${store.databaseId}.0` });
      for (let i = 0; i < 100 && !cache.isHealthy(); i++) await new Promise((r) => setTimeout(r, 20));
      // 100 lookups issued in the same tick: one cache read, one database read.
      const results = await Promise.all(Array.from({ length: 100 }, () => lookup.get('HERE')));
      expect(results.every((r) => r.found && r.source === 'db')).toBe(true);
      expect(store.lookupQueries).toBe(1);
      expect(counters.coalesced_waits_total).toBe(99);
      // and the next ones are cache hits
      expect((await lookup.get('HERE')).source).toBe('cache');
      expect(store.lookupQueries).toBe(1);
      await lookup.drain();
    } finally {
      await cache.close();
      await store.close();
    }
  });

  it('survives a Redis outage: answers from the database, degraded health, errors counted, then recovers', async () => {
    const file = productsFile(
      'outage.txt',
      Array.from({ length: 100 }, (_, i) => `O${i}`),
    );
    const s = await start({ productsFile: file });
    expect((await get(s, '/products/O1')).body.source).toBe('db');
    expect((await get(s, '/products/O1')).body.source).toBe('cache');

    await redis.stop();
    const errorsBefore = s.metrics().cache_errors_total;
    for (let i = 0; i < 20; i++) {
      const t0 = Date.now();
      const r = await get(s, `/products/O${i}`);
      expect(r.status).toBe(200);
      expect(r.body.source).toBe('db');
      expect(Date.now() - t0).toBeLessThan(2000); // never hangs on the dead cache
    }
    expect((await get(s, '/products/NOT-THERE')).body.source).toBe('bloom');
    expect(s.metrics().cache_errors_total).toBeGreaterThan(errorsBefore);
    expect(s.health().status).toBe('degraded');
    expect((await get(s, '/health')).body).toMatchObject({
      status: 'degraded',
      bloom_filter_loaded: true,
      cache: 'redis',
      cache_healthy: false,
    });

    // writes keep working during the outage and are visible
    const created = await fetch(`${s.url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'DURING-OUTAGE', name: 'x', price: 1 }),
    });
    expect(created.status).toBe(201);
    expect((await get(s, '/products/DURING-OUTAGE')).status).toBe(200);

    await redis.start();
    expect(await waitFor(() => s.health().status === 'ok', 10_000)).toBe(true);
    expect((await get(s, '/products/O50')).body.source).toBe('db');
    expect((await get(s, '/products/O50')).body.source).toBe('cache');
    expect((await get(s, '/products/DURING-OUTAGE')).status).toBe(200);
    expect(s.health().pending_cache_invalidations).toBe(0);
  });

  it('a failed cache write on create never hides the new product (stale negative entry stays bypassed)', async () => {
    const tiny = productsFile(
      'tiny-p.txt',
      Array.from({ length: 10 }, (_, i) => `W${i}`),
    );
    const s = await start({ productsFile: tiny, expectedItems: 10, falsePositiveRate: 0.5, redisCommandTimeoutMs: 200 });
    const fp = await findFalsePositive(s, 'Z');
    expect((await get(s, `/products/${fp}`)).body.source).toBe('cache'); // negative entry in Redis
    const c = await rawRedis();
    try {
      await c.sendCommand(['CLIENT', 'PAUSE', '1500', 'WRITE']); // the create's SET times out
      const errors = s.metrics().cache_errors_total;
      const created = await fetch(`${s.url}/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: fp, name: 'real now', price: 2 }),
      });
      expect(created.status).toBe(201);
      expect(s.metrics().cache_errors_total).toBeGreaterThan(errors);
      const r = await get(s, `/products/${fp}`);
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ id: fp, name: 'real now', price: 2 });
    } finally {
      c.destroy();
    }
  });

  it('recovers from a stalled (not disconnected) Redis without waiting for traffic', async () => {
    // A stall never drops the connection, so there is no reconnect event to hang recovery on.
    const s = await start({ productsFile: null, redisCommandTimeoutMs: 200 });
    const c = await rawRedis();
    try {
      await c.sendCommand(['CLIENT', 'PAUSE', '1000', 'WRITE']); // the create's SET times out
      const errors = s.metrics().cache_errors_total;
      const created = await fetch(`${s.url}/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'STALLED', name: 'x', price: 1 }),
      });
      expect(created.status).toBe(201);
      // (not health here: on a loaded machine the first probe may already have run)
      expect(s.metrics().cache_errors_total).toBeGreaterThan(errors);
      // no requests from here on: recovery must come from the service itself
      expect(await waitFor(() => s.health().status === 'ok' && s.health().pending_cache_invalidations === 0, 10_000)).toBe(true);
    } finally {
      c.destroy();
    }
    expect((await get(s, '/products/STALLED')).body.source).toBe('db');
    expect((await get(s, '/products/STALLED')).body.source).toBe('cache');
  });

  it('keeps serving when Redis is down at startup, and picks it up later', async () => {
    await redis.stop();
    const file = productsFile('late.txt', ['L1', 'L2']);
    const s = await start({ productsFile: file });
    expect(s.health()).toMatchObject({ status: 'degraded', bloom_filter_loaded: true });
    expect((await get(s, '/products/L1')).status).toBe(200);
    await redis.start();
    expect(await waitFor(() => s.health().status === 'ok', 10_000)).toBe(true);
    expect((await get(s, '/products/L2')).body.source).toBe('db');
    expect((await get(s, '/products/L2')).body.source).toBe('cache');
  });
});
