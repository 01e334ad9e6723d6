/**
 * The product service (seed 004): Bloom filter → cache → database behind an HTTP API.
 * Electron-free: the desktop app embeds it (monitor) and `portwarden product-service` runs
 * it alone (electron/cli/product-service-command.ts).
 *
 * One process: its own filter (bloom-manager.ts) and SQLite (store.ts) or PostgreSQL.
 * Several replicas: PostgreSQL (pg-store.ts), Redis for the cache, and one filter for all of
 * them in Redis (`sharedFilter`, shared-filter.ts).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DEFAULT_EXPECTED_ITEMS, DEFAULT_FALSE_POSITIVE_RATE } from './bloom-filter.ts';
import { BloomManager, type BloomSource } from './bloom-manager.ts';
import { bulkInsertInWorker } from './bulk-insert.ts';
import type { ProductCache } from './cache.ts';
import { SqliteDatabase, type ProductDatabase } from './database.ts';
import { loadProducts } from './load-products.ts';
import { ProductLookup } from './lookup.ts';
import { LruProductCache } from './lru-cache.ts';
import { createCounters } from './metrics.ts';
import type { LoadProductsResult } from './products-file.ts';
import { createRequestGuard, type RequestGuard } from './request-guard.ts';
import { checkPortFree, checkProductsFile, createdFilesGuard } from './start-guard.ts';
import type { buildApp as BuildApp } from './routes.ts';
import { localFilter, sharedFilter, type ServiceFilter } from './service-filter.ts';
import {
  checkDatabaseUrl,
  checkRedisUrl,
  checkSharedFilter,
  DEFAULT_PRODUCTS_FILE,
  isFakeRedisUrl,
  type ProductHealth,
  type ProductServiceOptions,
  type RunningProductService,
} from './service-options.ts';
import type { SharedFilter } from './shared-filter.ts';

export * from './service-options.ts';

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

async function openCache(redisUrl: string | null, options: ProductServiceOptions, log: (line: string) => void): Promise<ProductCache> {
  if (redisUrl && isFakeRedisUrl(redisUrl)) {
    log(`Redis URL ${redisUrl}: using the in-process cache`);
    return new LruProductCache();
  }
  if (!redisUrl) return new LruProductCache();
  // Imported only when used: the Redis client is a large module tree, and cold start counts.
  const { RedisProductCache } = await import('./redis-cache.ts');
  const redis = new RedisProductCache({ url: redisUrl, log, commandTimeoutMs: options.redisCommandTimeoutMs });
  redis.start();
  return redis;
}

async function openDatabase(db: string, log: (line: string) => void): Promise<ProductDatabase> {
  if (!isPostgres(db)) return new SqliteDatabase(db);
  const { PgDatabase } = await import('./pg-store.ts');
  return PgDatabase.open({ url: db, log });
}

/** Starts the service; resolves once the filter is loaded and requests get real answers. */
export async function startProductService(options: ProductServiceOptions = {}): Promise<RunningProductService> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  const log = options.log ?? (() => {});
  const envDb = process.env.DATABASE_URL || null;
  const dbSpec = options.dbFile ?? envDb ?? ':memory:';
  const productsFile =
    options.productsFile === undefined ? (existsSync(DEFAULT_PRODUCTS_FILE) ? DEFAULT_PRODUCTS_FILE : null) : options.productsFile;
  const redisUrl = options.redisUrl === undefined ? (process.env.REDIS_URL ?? null) : options.redisUrl;
  const sqliteFile = isPostgres(dbSpec) ? null : dbSpec;
  const shared = options.sharedFilter === true;
  const snapshotFile =
    options.snapshotFile === undefined ? (sqliteFile && sqliteFile !== ':memory:' ? `${sqliteFile}.bloom` : null) : options.snapshotFile;
  const expectedItems = options.expectedItems ?? DEFAULT_EXPECTED_ITEMS;
  const falsePositiveRate = options.falsePositiveRate ?? DEFAULT_FALSE_POSITIVE_RATE;

  // Checked before anything is opened: a bad URL must not leave a store or worker behind.
  if (redisUrl) checkRedisUrl(redisUrl);
  if (!options.dbFile && envDb) checkDatabaseUrl(envDb);
  if (shared) checkSharedFilter(redisUrl);
  // A failed start changes nothing: the file and the port first, created files removed on failure.
  if (productsFile) await checkProductsFile(productsFile);
  await checkPortFree(host, port);
  const created = createdFilesGuard(sqliteFile, snapshotFile);
  const counters = createCounters();
  const db = await openDatabase(dbSpec, log);
  // Rows before this start's products file: what a snapshot must match.
  const rowsAtStart = await db.count();
  // With a database file and its own filter, a worker inserts the products file while this
  // thread loads the HTTP stack and fills the filter (bulk-insert-worker.ts explains why).
  const worker =
    productsFile && sqliteFile && sqliteFile !== ':memory:' && !shared
      ? bulkInsertInWorker({ dbFile: sqliteFile, productsFile }, options.onProgress)
      : null;
  const cache = await openCache(redisUrl, options, log);
  let bloom: BloomManager | null = null;
  let sharedOne: SharedFilter | null = null;
  let filter: ServiceFilter;
  if (shared) {
    const { SharedFilter } = await import('./shared-filter.ts');
    sharedOne = new SharedFilter({
      url: redisUrl!,
      store: db,
      expectedItems,
      falsePositiveRate,
      log,
      commandTimeoutMs: options.redisCommandTimeoutMs,
      onRebuilt: () => counters.bloom_rebuilds_total++,
    });
    filter = sharedFilter(sharedOne);
  } else {
    bloom = new BloomManager({
      store: db,
      expectedItems,
      falsePositiveRate,
      snapshotFile,
      log,
      onRebuilt: () => counters.bloom_rebuilds_total++,
    });
    filter = localFilter(bloom);
  }
  let lookup: ProductLookup | null = null;
  let ready = false;
  let closing: Promise<void> | null = null;

  const health = (): ProductHealth => {
    const cacheHealthy = cache.isHealthy();
    return {
      status: ready && cacheHealthy && db.isOpen && !filter.degraded ? 'ok' : 'degraded',
      // "Loaded" once the filter also holds the products file, i.e. when lookups get real
      // answers: before that /health must not say 200 while every lookup gets 503.
      bloom_filter_loaded: ready,
      cache: cache.kind,
      cache_healthy: cacheHealthy,
      database: db.isOpen ? 'ok' : 'closed',
      bloom_rebuilding: filter.rebuilding,
      pending_cache_invalidations: lookup?.pendingInvalidations ?? 0,
      ...(shared ? { shared_filter: filter.degraded ? 'unavailable' : 'ok' } : {}),
    };
  };
  const metrics = (): Record<string, number> => ({
    ...counters,
    db_queries_total: db.lookupQueries,
    ...filter.metrics(),
    bloom_filter_loaded: ready ? 1 : 0,
    cache_healthy: cache.isHealthy() ? 1 : 0,
  });

  // Imported here, not at the top: loading fastify overlaps with the worker's start.
  let buildApp: typeof BuildApp;
  try {
    ({ buildApp } = await import('./routes.ts'));
  } catch (err) {
    await worker?.stop();
    await db.close();
    created.discard();
    throw err;
  }
  let guard: RequestGuard | null = null;
  const app = buildApp({ filter, lookup: () => lookup, counters, metrics, health, ready: () => ready, guard: () => guard });
  const shutdown = async (save = true): Promise<void> => {
    // Stop accepting; requests already received (and their writes) finish normally, new
    // ones on kept-alive connections get 503 from fastify while it closes.
    await app.close();
    ready = false;
    await filter.close();
    await lookup?.drain();
    if (lookup && lookup.pendingInvalidations > 0) await db.setMeta('cache_dirty', '1').catch(() => {});
    if (save) await bloom?.saveSnapshot();
    await cache.close();
    await db.close();
  };

  let url: string;
  let bloomSource: BloomSource | 'shared';
  let productsLoad: LoadProductsResult | null = null;
  try {
    // Listen first so callers get 503 (not connection refused) while the filter loads.
    await app.listen({ host, port });
    const address = app.server.address() as AddressInfo;
    guard = createRequestGuard(host, address.port, options.allowedHosts);
    url = `http://${formatHost(host)}:${address.port}`;
    options.onListening?.(url);
    if (sharedOne) {
      await sharedOne.start();
      bloomSource = 'shared';
    } else {
      bloomSource = await bloom!.init(rowsAtStart);
    }
    if (productsFile) {
      productsLoad = await loadProducts(productsFile, {
        db,
        cache,
        local: bloom ?? undefined,
        shared: sharedOne ?? undefined,
        worker,
        onProgress: options.onProgress,
      });
      for (const p of productsLoad.problems) log(`${productsFile}:${p.line}: ${p.message}: ${p.text}`);
      if (productsLoad.problemCount > productsLoad.problems.length) {
        log(`${productsFile}: ${productsLoad.problemCount - productsLoad.problems.length} more bad lines not shown`);
      }
    }
    lookup = new ProductLookup({
      filter,
      store: db,
      cache,
      counters,
      epoch: await cacheEpoch(db, shared, productsLoad),
      negativeTtlMs: options.negativeTtlMs,
      positiveTtlMs: options.positiveTtlMs,
    });
    ready = true;
  } catch (err) {
    await worker?.stop();
    // Not started: no snapshot is written, and what this start created is removed.
    await shutdown(false).catch(() => {});
    created.discard();
    throw err;
  }

  return {
    url,
    bloomSource,
    productsFile,
    productsLoad,
    bloomStats: () =>
      filter.lastStats() ?? {
        bit_array_size: 0,
        hash_function_count: 0,
        expected_items: 0,
        false_positive_rate: 0,
        current_items: 0,
        estimated_false_positive_rate: 0,
        fill_ratio: 0,
      },
    metrics,
    health,
    rebuildBloom: () => filter.rebuild(),
    close: () => {
      closing ??= shutdown(true);
      return closing;
    },
  };
}

/**
 * The cache epoch: entries written under another epoch are ignored. One process changes it
 * when a bulk load added rows (a cached "not found" may now be wrong) or when a cache
 * invalidation was lost during a Redis outage before the last shutdown. Replicas sharing the
 * filter share one fixed epoch instead: their creates delete the id's entry before the row
 * exists and their bulk loads delete the new ids' entries (shared-filter-scripts.ts,
 * load-products.ts), so no epoch change is needed, and one replica changing it alone would
 * split the cache.
 */
async function cacheEpoch(db: ProductDatabase, shared: boolean, load: LoadProductsResult | null): Promise<string> {
  if (shared) return `${db.databaseId}.shared`;
  let counter = Number((await db.getMeta('cache_epoch')) ?? '0');
  if ((load && load.inserted > 0) || (await db.getMeta('cache_dirty')) === '1') {
    counter++;
    await db.setMeta('cache_epoch', String(counter));
    await db.setMeta('cache_dirty', '0');
  }
  return `${db.databaseId}.${counter}`;
}
export type { LoadProgress } from './products-file.ts';
