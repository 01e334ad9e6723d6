/**
 * The shared filter's edges, with a real redis-server and a real PostgreSQL, replicas run
 * in this process (replicas.test.ts runs them as processes under load): the bit layout
 * against Redis' own SETBIT/GETBIT, Redis down (degraded: lookups fall through, creates
 * refused) and back empty (the filter is rebuilt from PostgreSQL), a Redis that went back
 * in time, and the negative-cache write that must not hide a create.
 */
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BloomFilter } from '../../../electron/product-service/bloom-filter.ts';
import { startProductService, type RunningProductService } from '../../../electron/product-service/index.ts';
import { RedisProductCache } from '../../../electron/product-service/redis-cache.ts';
import { orRedisBitmap, toRedisBitmap } from '../../../electron/product-service/redis-bitmap.ts';
import { startPostgresServer, type PostgresServer } from '../../support/postgres-server.ts';
import { startRedisServer, type RedisServer } from '../../support/redis-server.ts';

let pg: PostgresServer;
let redis: RedisServer;
const running: RunningProductService[] = [];
beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
});
afterEach(async () => {
  while (running.length) await running.pop()!.close();
  if (!redis.running) await redis.start();
});
afterAll(async () => {
  await redis?.stop();
  await pg?.stop();
});

async function raw(): Promise<ReturnType<typeof createClient>> {
  const c = createClient({ url: redis.url });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function replica(db: string, extra: Parameters<typeof startProductService>[0] = {}): Promise<RunningProductService> {
  const s = await startProductService({
    port: 0,
    dbFile: db,
    redisUrl: redis.url,
    sharedFilter: true,
    productsFile: null,
    redisCommandTimeoutMs: 200,
    ...extra,
  });
  running.push(s);
  return s;
}

const post = (s: RunningProductService, id: string): Promise<Response> =>
  fetch(`${s.url}/products`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: id, price: 1 }),
  });
const lookup = async (s: RunningProductService, id: string): Promise<{ status: number; source: string }> => {
  const res = await fetch(`${s.url}/products/${id}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, source: ((await res.json()) as { source: string }).source };
};
async function waitFor(cond: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe('shared filter', () => {
  it("stores bits in Redis' own bitmap order (SETBIT/GETBIT agree with our layout both ways)", async () => {
    const c = await raw();
    try {
      const f = BloomFilter.create(1000, 0.01);
      const ids = Array.from({ length: 200 }, (_, i) => `L${i}`);
      for (const id of ids) f.add(id);
      // ours → Redis: every index our filter set reads 1 through GETBIT
      await c.set('layout:a', toRedisBitmap(f.bits));
      for (const id of ids.slice(0, 20)) for (const i of f.indices(id)) expect(await c.getBit('layout:a', i)).toBe(1);
      expect(await c.bitCount('layout:a')).toBe(f.setBits);
      // Redis → ours: bits set with SETBIT come back as the same indices
      const g = new BloomFilter({ m: f.m, k: f.k, expectedItems: 1000, falsePositiveRate: 0.01, seed: { seed1: f.seed1, seed2: f.seed2 } });
      for (const id of ids.slice(0, 50)) for (const i of f.indices(id)) await c.setBit('layout:b', i, 1);
      const bytes = await c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get('layout:b');
      orRedisBitmap(g.bits, bytes as unknown as Buffer);
      for (const id of ids.slice(0, 50)) expect(g.has(id)).toBe(true);
      expect(ids.slice(50).filter((id) => g.has(id)).length).toBeLessThan(15);
    } finally {
      c.destroy();
    }
  });

  it('Redis down: lookups fall through to PostgreSQL (never a false negative), creates are refused; back empty: the filter is rebuilt from PostgreSQL', async () => {
    const db = await pg.createDatabase('down_and_back');
    const a = await replica(db);
    const b = await replica(db);
    for (let i = 0; i < 30; i++) expect((await post(a, `D${i}`)).status).toBe(201);
    expect(await lookup(b, 'NOT-THERE')).toEqual({ status: 404, source: 'bloom' });
    // /metrics shows the shared filter's items without anyone asking /bloom/stats (read every 5 s)
    expect(await waitFor(() => b.metrics().bloom_items === 30, 8000)).toBe(true);

    await redis.stop();
    for (let i = 0; i < 30; i += 3) expect((await lookup(b, `D${i}`)).status).toBe(200);
    // an unknown id can no longer be rejected by the filter: the database answers
    expect(await lookup(b, 'NOT-THERE-2')).toEqual({ status: 404, source: 'db' });
    expect(b.metrics().shared_filter_unavailable_total).toBeGreaterThan(0);
    const refused = await post(a, 'DURING');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /shared Bloom filter is unreachable .*the product was not created; retry/,
    );
    expect((await lookup(a, 'DURING')).status).toBe(404);
    expect(a.health()).toMatchObject({ status: 'degraded', shared_filter: 'unavailable' });

    // Redis returns with nothing in it (no persistence): a replica rebuilds the filter from
    // PostgreSQL, and until then nothing is rejected.
    await redis.start();
    expect(await waitFor(async () => (await lookup(b, 'NOT-THERE-3')).source === 'bloom', 15_000)).toBe(true);
    for (let i = 0; i < 30; i++) expect((await lookup(a, `D${i}`)).status).toBe(200);
    expect((await post(b, 'AFTER')).status).toBe(201);
    expect((await lookup(a, 'AFTER')).status).toBe(200);
    expect(await waitFor(() => a.health().status === 'ok', 5000)).toBe(true); // within a poll (1 s)
    expect(a.metrics().bloom_rebuilds_total + b.metrics().bloom_rebuilds_total).toBe(2); // the first build, then one after the loss
  });

  it('a Redis that went back in time (fewer creates than a replica saw) is not trusted: rebuilt from PostgreSQL', async () => {
    const db = await pg.createDatabase('time_travel');
    const a = await replica(db);
    for (let i = 0; i < 10; i++) expect((await post(a, `T${i}`)).status).toBe(201);
    const gen = ((await (await fetch(`${a.url}/bloom/stats`)).json()) as { shared: { generation: string } }).shared.generation;
    const c = await raw();
    try {
      // What a restore from an older snapshot looks like: the same generation, fewer creates,
      // and the bits of the newer ones gone.
      await c.hSet(`pw:bloom:g:${gen}:info`, 'acked', '3');
      await c.set(`pw:bloom:g:${gen}:bits`, Buffer.alloc(16));
    } finally {
      c.destroy();
    }
    // The next id this replica has to ask Redis about meets a count below the one it saw:
    // that filter is not used (the database answers) and it is rebuilt.
    expect(await lookup(a, 'NEVER-SEEN')).toEqual({ status: 404, source: 'db' });
    expect(
      await waitFor(
        async () => ((await (await fetch(`${a.url}/bloom/stats`)).json()) as { shared: { generation: string } }).shared.generation !== gen,
        15_000,
      ),
    ).toBe(true);
    for (let i = 0; i < 10; i++) expect((await lookup(a, `T${i}`)).status).toBe(200);
  });

  it('the negative-cache write never lands over a create in progress or an entry already there', async () => {
    const cache = new RedisProductCache({ url: redis.url });
    cache.start();
    const c = await raw();
    try {
      await waitFor(() => cache.isHealthy() || (void cache.get('x').catch(() => {}), false), 5000);
      await c.set('cache:creating:N1', '1', { PX: 60_000 });
      await cache.setNegative('N1', { epoch: 'e', product: null }, 60_000);
      expect(await c.exists('cache:product:N1')).toBe(0); // a replica is creating N1
      await cache.set('N2', { epoch: 'e', product: { id: 'N2', name: 'n', price: 1 } }, 60_000);
      await cache.setNegative('N2', { epoch: 'e', product: null }, 60_000);
      expect((await cache.get('N2'))?.product).toEqual({ id: 'N2', name: 'n', price: 1 }); // NX: the positive entry stays
      await cache.setNegative('N3', { epoch: 'e', product: null }, 60_000);
      expect(await cache.get('N3')).toEqual({ epoch: 'e', product: null });
    } finally {
      c.destroy();
      await cache.close();
    }
  });
});
