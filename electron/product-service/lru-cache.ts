/** The default cache: in-process LRU with per-entry TTL (the lru-cache package). */
import { LRUCache } from 'lru-cache';
import { cacheKey, type CacheEntry, type ProductCache } from './cache.ts';

export interface LruProductCacheOptions {
  /** Most entries kept. Default 100,000. */
  max?: number;
}

export class LruProductCache implements ProductCache {
  readonly kind = 'lru' as const;
  private readonly lru: LRUCache<string, CacheEntry>;

  constructor(options: LruProductCacheOptions = {}) {
    // No autopurge timer: expired entries are dropped when read or evicted, which costs
    // nothing on the hot path and keeps no timers alive.
    this.lru = new LRUCache<string, CacheEntry>({ max: options.max ?? 100_000, ttlAutopurge: false });
  }

  get(id: string): Promise<CacheEntry | undefined> {
    return Promise.resolve(this.lru.get(cacheKey(id)));
  }

  set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    this.lru.set(cacheKey(id), entry, { ttl: ttlMs });
    return Promise.resolve();
  }

  setNegative(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    return this.set(id, entry, ttlMs);
  }

  delete(id: string): Promise<void> {
    this.lru.delete(cacheKey(id));
    return Promise.resolve();
  }

  deleteMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.lru.delete(cacheKey(id));
    return Promise.resolve();
  }

  isHealthy(): boolean {
    return true;
  }

  onRecover(_listener: () => void): void {
    // An in-process cache never becomes unreachable.
  }

  close(): Promise<void> {
    this.lru.clear();
    return Promise.resolve();
  }

  get size(): number {
    return this.lru.size;
  }
}
