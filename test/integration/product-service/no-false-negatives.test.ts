/**
 * The one rule a Bloom pre-filter must never break: once a create is acknowledged (201),
 * every lookup that starts afterwards finds the product. Stressed over HTTP with
 * concurrent inserts and lookups, a tiny filter (so almost every id passes it and the
 * negative cache is exercised for ids that are about to be inserted) and capacity
 * rebuilds happening meanwhile; with the LRU cache and with real Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductService } from '../../../electron/product-service/index.ts';
import { startRedisServer, type RedisServer } from '../../support/redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-product-fn-'));
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function stress(redisUrl: string | null, dbName: string): Promise<{ lookups: number; violations: string[]; rebuilds: number }> {
  const s = await startProductService({
    port: 0,
    redisUrl,
    productsFile: null,
    dbFile: join(dir, dbName),
    expectedItems: 50, // rebuilds at 50, 100, 200, 400 items while the test runs
    falsePositiveRate: 0.5,
  });
  const TOTAL = 600;
  const ackedAt = new Map<string, number>();
  const violations: string[] = [];
  let lookups = 0;
  let nextInsert = 0;
  let writersDone = false;
  const id = (i: number): string => `R${i}`;

  const writer = async (): Promise<void> => {
    while (nextInsert < TOTAL) {
      const i = nextInsert++;
      const res = await fetch(`${s.url}/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: id(i), name: `n${i}`, price: i }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) violations.push(`create ${id(i)} → ${res.status}`);
      ackedAt.set(id(i), performance.now());
    }
  };
  const reader = async (seed: number): Promise<void> => {
    let x = seed;
    while (!writersDone) {
      // mostly ids around the insert front: some acknowledged, some about to be
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const i = Math.max(0, nextInsert - 20 + (x % 30));
      const target = id(i);
      const startedAt = performance.now();
      const res = await fetch(`${s.url}/products/${target}`);
      const body = (await res.json()) as { exists: boolean; source: string };
      lookups++;
      const acked = ackedAt.get(target);
      if (acked !== undefined && acked < startedAt && (res.status !== 200 || !body.exists)) {
        violations.push(`${target} acknowledged, then ${res.status} from ${body.source}`);
      }
    }
  };
  try {
    const writers = Promise.all(Array.from({ length: 4 }, () => writer())).then(() => {
      writersDone = true;
    });
    await Promise.all([writers, ...Array.from({ length: 8 }, (_, k) => reader(k + 1))]);
    // and afterwards every single one is found
    for (let i = 0; i < TOTAL; i++) {
      const res = await fetch(`${s.url}/products/${id(i)}`);
      await res.arrayBuffer();
      if (res.status !== 200) violations.push(`${id(i)} missing at the end (${res.status})`);
    }
    return { lookups, violations, rebuilds: s.metrics().bloom_rebuilds_total };
  } finally {
    await s.close();
  }
}

describe('no false negative for an acknowledged insert', () => {
  it('with the LRU cache, under concurrent inserts, lookups and rebuilds', async () => {
    const r = await stress(null, 'lru.sqlite');
    expect(r.violations).toEqual([]);
    expect(r.lookups).toBeGreaterThan(200);
    expect(r.rebuilds).toBeGreaterThanOrEqual(1);
  });

  it('with Redis, under concurrent inserts, lookups and rebuilds', async () => {
    const r = await stress(redis.url, 'redis.sqlite');
    expect(r.violations).toEqual([]);
    expect(r.lookups).toBeGreaterThan(200);
    expect(r.rebuilds).toBeGreaterThanOrEqual(1);
  });
});
