/**
 * The product service (seed 004): Bloom filter → cache → database behind an HTTP API.
 * Electron-free: the desktop app embeds it (monitor) and `portwarden product-service` runs
 * it alone (electron/cli/product-service-command.ts).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { BloomStats } from '../core/control/contract.ts';
import { DEFAULT_EXPECTED_ITEMS, DEFAULT_FALSE_POSITIVE_RATE } from './bloom-filter.ts';
import { BloomManager, type BloomSource } from './bloom-manager.ts';
import { bulkInsertInWorker } from './bulk-insert.ts';
import type { ProductCache } from './cache.ts';
import { ProductLookup } from './lookup.ts';
import { LruProductCache } from './lru-cache.ts';
import { createCounters } from './metrics.ts';
import { loadProductsFile, type LoadProductsResult, type LoadProgress } from './products-file.ts';
import { createRequestGuard, type RequestGuard } from './request-guard.ts';
import type { buildApp as BuildApp } from './routes.ts';
import { ProductStore } from './store.ts';


/** The products file loaded by default when it exists in the working directory. */
export const DEFAULT_PRODUCTS_FILE = 'data/products.txt';

export interface ProductServiceOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8000; 0 = any free port (see `url`). */
  port?: number;
  /** Default data/products.txt when present; null = load no file. */
  productsFile?: string | null;
  /** Default ':memory:'. */
  dbFile?: string | null;
  /** Default process.env.REDIS_URL ?? null (null, '' or fakeredis:// = in-process LRU cache). */
  redisUrl?: string | null;
  /** Host names accepted in Host/Origin besides loopback and the bound address (request-guard.ts). */
  allowedHosts?: readonly string[];
  /** Informational lines (bad product lines, snapshot and Redis events). Default: none. */
  log?: (line: string) => void;
  // ---- additions beyond the agreed contract (all optional) ----
  /** Filter capacity n. Default 1,000,000. */
  expectedItems?: number;
  /** Filter target false-positive rate p. Default 0.01. */
  falsePositiveRate?: number;
  /** Snapshot path; default `<dbFile>.bloom` for a file database, none for ':memory:'. null disables. */
  snapshotFile?: string | null;
  /** Negative-entry TTL in ms (default 60,000) and positive-entry TTL (default 300,000), before ±15% jitter. */
  negativeTtlMs?: number;
  positiveTtlMs?: number;
  /** Progress while loading the products file. */
  onProgress?: (progress: LoadProgress) => void;
  /** Called with the URL as soon as the server listens (before the filter is loaded; requests get 503 until then). */
  onListening?: (url: string) => void;
  /** Redis per-command timeout in ms (default 250). */
  redisCommandTimeoutMs?: number;
}

export interface ProductHealth {
  status: 'ok' | 'degraded';
  bloom_filter_loaded: boolean;
  cache: 'lru' | 'redis';
  cache_healthy: boolean;
  database: 'ok' | 'closed';
  bloom_rebuilding: boolean;
  pending_cache_invalidations: number;
  [k: string]: unknown;
}

export interface RunningProductService {
  /** http://HOST:PORT (the real port when 0 was asked for). */
  url: string;
  bloomStats(): BloomStats;
  /** Same counters as GET /metrics. */
  metrics(): Record<string, number>;
  health(): ProductHealth;
  /** Graceful: stops accepting, finishes in-flight requests and writes, saves the snapshot, closes Redis and the database. */
  close(): Promise<void>;
  // ---- additions ----
  /** How the filter was loaded. */
  readonly bloomSource: BloomSource;
  /** The products file loaded at start (null when none). */
  readonly productsFile: string | null;
  /** The products file load (null when no file was loaded). */
  readonly productsLoad: LoadProductsResult | null;
  /** Rebuilds the filter from the database (atomic swap). */
  rebuildBloom(): Promise<void>;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Throws a plain-words error unless `url` is a redis:// or rediss:// URL, or fakeredis://
 * (the seed's default REDIS_URL, which means "no Redis server": the in-process cache).
 */
export function checkRedisUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid Redis URL ${JSON.stringify(url)}: expected redis://HOST:PORT, rediss://HOST:PORT or fakeredis://`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:' && parsed.protocol !== 'fakeredis:') {
    throw new Error(`invalid Redis URL ${JSON.stringify(url)}: the scheme must be redis://, rediss:// or fakeredis://, not ${parsed.protocol}//`);
  }
}

/** fakeredis:// (any spelling of the scheme's case) asks for the in-process cache. */
export function isFakeRedisUrl(url: string): boolean {
  return /^fakeredis:/i.test(url);
}

/** Starts the service; resolves once the filter is loaded and requests get real answers. */
export async function startProductService(options: ProductServiceOptions = {}): Promise<RunningProductService> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  const log = options.log ?? (() => {});
  const dbFile = options.dbFile ?? ':memory:';
  const productsFile =
    options.productsFile === undefined ? (existsSync(DEFAULT_PRODUCTS_FILE) ? DEFAULT_PRODUCTS_FILE : null) : options.productsFile;
  const redisUrl = options.redisUrl === undefined ? (process.env.REDIS_URL ?? null) : options.redisUrl;
  const snapshotFile = options.snapshotFile === undefined ? (dbFile === ':memory:' ? null : `${dbFile}.bloom`) : options.snapshotFile;

  // Checked before anything is opened: a bad URL must not leave a store or worker behind.
  if (redisUrl) checkRedisUrl(redisUrl);
  const counters = createCounters();
  const store = new ProductStore({ file: dbFile });
  // Rows before this start's products file: what a snapshot must match.
  const rowsAtStart = store.count();
  // With a database file, a worker inserts the products file while this thread loads the
  // HTTP stack and fills the filter (bulk-insert-worker.ts explains why that is safe).
  const worker = productsFile && dbFile !== ':memory:' ? bulkInsertInWorker({ dbFile, productsFile }, options.onProgress) : null;
  let cache: ProductCache;
  if (redisUrl && isFakeRedisUrl(redisUrl)) {
    log(`Redis URL ${redisUrl}: using the in-process cache`);
    cache = new LruProductCache();
  } else if (redisUrl) {
    // Imported only when used: the Redis client is a large module tree, and cold start counts.
    const { RedisProductCache } = await import('./redis-cache.ts');
    const redis = new RedisProductCache({ url: redisUrl, log, commandTimeoutMs: options.redisCommandTimeoutMs });
    redis.start();
    cache = redis;
  } else {
    cache = new LruProductCache();
  }
  const bloom = new BloomManager({
    store,
    expectedItems: options.expectedItems ?? DEFAULT_EXPECTED_ITEMS,
    falsePositiveRate: options.falsePositiveRate ?? DEFAULT_FALSE_POSITIVE_RATE,
    snapshotFile,
    log,
    onRebuilt: () => counters.bloom_rebuilds_total++,
  });
  let lookup: ProductLookup | null = null;
  let ready = false;
  let closing: Promise<void> | null = null;

  const health = (): ProductHealth => {
    const cacheHealthy = cache.isHealthy();
    return {
      status: ready && cacheHealthy && store.isOpen ? 'ok' : 'degraded',
      // "Loaded" once the filter also holds the products file, i.e. when lookups get real
      // answers: before that /health must not say 200 while every lookup gets 503.
      bloom_filter_loaded: ready,
      cache: cache.kind,
      cache_healthy: cacheHealthy,
      database: store.isOpen ? 'ok' : 'closed',
      bloom_rebuilding: bloom.isRebuilding,
      pending_cache_invalidations: lookup?.pendingInvalidations ?? 0,
    };
  };
  const metrics = (): Record<string, number> => {
    const f = bloom.loaded ? bloom.filter : null;
    return {
      ...counters,
      db_queries_total: store.lookupQueries,
      bloom_items: f ? f.count : 0,
      bloom_fill_ratio: f ? f.fillRatio() : 0,
      bloom_estimated_false_positive_rate: f ? f.estimatedFalsePositiveRate() : 0,
      bloom_filter_loaded: ready ? 1 : 0,
      cache_healthy: cache.isHealthy() ? 1 : 0,
    };
  };

  // Imported here, not at the top: loading fastify overlaps with the worker's start.
  let buildApp: typeof BuildApp;
  try {
    ({ buildApp } = await import('./routes.ts'));
  } catch (err) {
    await worker?.stop();
    store.close();
    throw err;
  }
  let guard: RequestGuard | null = null;
  const app = buildApp({ bloom, lookup: () => lookup, counters, metrics, health, ready: () => ready, guard: () => guard });
  const shutdown = async (): Promise<void> => {
    // Stop accepting; requests already received (and their writes) finish normally, new
    // ones on kept-alive connections get 503 from fastify while it closes.
    await app.close();
    ready = false;
    await bloom.stop();
    await lookup?.drain();
    if (lookup && lookup.pendingInvalidations > 0) store.setMeta('cache_dirty', '1');
    bloom.saveSnapshot();
    await cache.close();
    store.close();
  };

  let url: string;
  let bloomSource: BloomSource;
  let productsLoad: LoadProductsResult | null = null;
  try {
    // Listen first so callers get 503 (not connection refused) while the filter loads.
    await app.listen({ host, port });
    const address = app.server.address() as AddressInfo;
    guard = createRequestGuard(host, address.port, options.allowedHosts);
    url = `http://${formatHost(host)}:${address.port}`;
    options.onListening?.(url);
    bloomSource = await bloom.init(rowsAtStart);
    if (productsFile && worker) {
      // This thread fills the filter; the worker fills the database. Not ready until both finish.
      productsLoad = await loadProductsFile(productsFile, {
        insertBatch: (products) => {
          for (const p of products) bloom.addUncounted(p.id);
          return 0;
        },
      });
      productsLoad.inserted = await worker.done;
      // Not countInserted(inserted): a start-up rebuild that scanned while the worker wrote
      // has counted some of those rows already. Nothing else writes yet (not ready), and
      // every row is in the filter, so the row count is the exact count.
      bloom.recount();
    } else if (productsFile) {
      productsLoad = await loadProductsFile(productsFile, {
        insertBatch: (products) =>
          store.transaction(() => {
            for (const p of products) bloom.addUncounted(p.id); // before the rows are visible, like every insert
            const inserted = store.insertMany(products);
            bloom.countInserted(inserted);
            return inserted;
          }),
        onProgress: options.onProgress,
      });
    }
    if (productsLoad) {
      for (const p of productsLoad.problems) log(`${productsFile}:${p.line}: ${p.message}: ${p.text}`);
      if (productsLoad.problemCount > productsLoad.problems.length) {
        log(`${productsFile}: ${productsLoad.problemCount - productsLoad.problems.length} more bad lines not shown`);
      }
    }
    // The cache epoch: entries written under another epoch are ignored. It changes when a
    // bulk load added rows (a cached "not found" may now be wrong) or when a cache
    // invalidation was lost during a Redis outage before the last shutdown.
    let epochCounter = Number(store.getMeta('cache_epoch') ?? '0');
    if ((productsLoad && productsLoad.inserted > 0) || store.getMeta('cache_dirty') === '1') {
      epochCounter++;
      store.setMeta('cache_epoch', String(epochCounter));
      store.setMeta('cache_dirty', '0');
    }
    lookup = new ProductLookup({
      bloom,
      store,
      cache,
      counters,
      epoch: `${store.databaseId}.${epochCounter}`,
      negativeTtlMs: options.negativeTtlMs,
      positiveTtlMs: options.positiveTtlMs,
    });
    ready = true;
  } catch (err) {
    await worker?.stop();
    await shutdown().catch(() => {});
    throw err;
  }

  return {
    url,
    bloomSource,
    productsFile,
    productsLoad,
    bloomStats: () => bloom.stats(),
    metrics,
    health,
    rebuildBloom: () => bloom.rebuild(),
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
