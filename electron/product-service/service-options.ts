/**
 * The product service's options, its running handle, and the checks made on them before
 * anything is opened (a bad URL must not leave a store, a worker or a connection behind).
 */
import type { BloomStats } from '../core/model/product.ts';
import type { BloomSource } from './bloom-manager.ts';
import type { LoadProductsResult, LoadProgress } from './products-file.ts';

/** The products file loaded by default when it exists in the working directory. */
export const DEFAULT_PRODUCTS_FILE = 'data/products.txt';

export interface ProductServiceOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8000; 0 = any free port (see `url`). */
  port?: number;
  /** Default data/products.txt when present; null = load no file. */
  productsFile?: string | null;
  /**
   * SQLite file, ':memory:', or a postgres:// URL (PostgreSQL, for several replicas).
   * Default: $DATABASE_URL when set (it must be a postgres:// URL), else ':memory:'.
   */
  dbFile?: string | null;
  /**
   * One Bloom filter for every replica, kept in Redis (shared-filter.ts); needs a real Redis
   * URL, which then also holds the cache. Default false (the filter lives in this process).
   */
  sharedFilter?: boolean;
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
  /** How the filter was loaded ('shared': the replicas' filter in Redis). */
  readonly bloomSource: BloomSource | 'shared';
  /** The products file loaded at start (null when none). */
  readonly productsFile: string | null;
  /** The products file load (null when no file was loaded). */
  readonly productsLoad: LoadProductsResult | null;
  /** Rebuilds the filter from the database (atomic swap). */
  rebuildBloom(): Promise<void>;
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
    throw new Error(
      `invalid Redis URL ${JSON.stringify(url)}: the scheme must be redis://, rediss:// or fakeredis://, not ${parsed.protocol}//`,
    );
  }
}

/** fakeredis:// (any spelling of the scheme's case) asks for the in-process cache. */
export function isFakeRedisUrl(url: string): boolean {
  return /^fakeredis:/i.test(url);
}

/** Throws a plain-words error unless DATABASE_URL-style `url` is a postgres:// URL. */
export function checkDatabaseUrl(url: string, from = 'DATABASE_URL'): void {
  if (!/^postgres(ql)?:\/\/[^\s]+$/i.test(url)) {
    throw new Error(`${from} ${JSON.stringify(url.slice(0, 200))} is not a PostgreSQL URL: expected postgres://USER@HOST:PORT/DATABASE`);
  }
}

/** Throws unless the shared filter has what it needs (a real Redis). */
export function checkSharedFilter(redisUrl: string | null | undefined): void {
  if (!redisUrl || isFakeRedisUrl(redisUrl)) {
    throw new Error('the shared filter lives in Redis: give a redis:// URL (--redis or REDIS_URL), not the in-process cache');
  }
}
