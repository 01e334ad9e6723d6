/**
 * One cache interface, two implementations: an in-process LRU with TTL (lru-cache.ts, the
 * default) and Redis (redis-cache.ts, when REDIS_URL / --redis is given).
 *
 * Entries carry the database "epoch" they were read under (see lookup.ts): an entry from
 * another database, or from before a bulk load added rows, is ignored, so a stale negative
 * entry can never hide a product.
 */
import type { Product } from './product.ts';

export interface CacheEntry {
  /** Which database state the entry was read from. */
  epoch: string;
  /** The product, or null for a negative ("not in the database") entry. */
  product: Product | null;
}

export interface ProductCache {
  readonly kind: 'lru' | 'redis';
  /** Resolves undefined on a miss; rejects when the backend is unreachable. */
  get(id: string): Promise<CacheEntry | undefined>;
  set(id: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /**
   * Writes a negative ("not in the database") entry unless that could hide a create: Redis
   * skips it while another replica is creating the id (creatingKey) and never overwrites
   * an entry already there (see redis-cache.ts); the in-process cache just sets it.
   */
  setNegative(id: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Drops many entries (after a bulk load added these ids). */
  deleteMany(ids: readonly string[]): Promise<void>;
  /** False while the backend is unreachable (health reports `degraded`). */
  isHealthy(): boolean;
  /** Called every time the backend becomes reachable again after an outage. */
  onRecover(listener: () => void): void;
  close(): Promise<void>;
}

/** The Redis key (and LRU key) of a product id. */
export function cacheKey(id: string): string {
  return `cache:product:${id}`;
}

/**
 * Marker a replica sets (with a TTL) while it creates `id` (shared-filter.ts): no replica
 * caches "not found" for that id meanwhile, since its database read may predate the commit.
 */
export function creatingKey(id: string): string {
  return `cache:creating:${id}`;
}

/**
 * TTL with random jitter of ±`fraction` (default ±15%), so entries written together do not
 * all expire together and send a burst to the database (cache avalanche).
 */
export function jitterTtl(ttlMs: number, random: () => number = Math.random, fraction = 0.15): number {
  return Math.max(1, Math.round(ttlMs * (1 + (random() * 2 - 1) * fraction)));
}

/** Serialized form stored in Redis. */
export function encodeEntry(entry: CacheEntry): string {
  return JSON.stringify({ e: entry.epoch, p: entry.product });
}

/** Parses a stored entry; undefined when it is not one of ours (treated as a miss). */
export function decodeEntry(text: string): CacheEntry | undefined {
  try {
    const v = JSON.parse(text) as { e?: unknown; p?: unknown };
    if (typeof v.e !== 'string' || v.p === undefined) return undefined;
    if (v.p === null) return { epoch: v.e, product: null };
    const p = v.p as Record<string, unknown>;
    if (typeof p.id !== 'string') return undefined;
    return {
      epoch: v.e,
      product: {
        id: p.id,
        name: typeof p.name === 'string' ? p.name : null,
        price: typeof p.price === 'number' ? p.price : null,
      },
    };
  } catch {
    return undefined;
  }
}
