/**
 * The lookup flow: Bloom filter → cache → database, with negative caching and request
 * coalescing, and the create path that keeps the filter ahead of the database.
 *
 * Ordering arguments (why there is no false negative for an acknowledged insert):
 * - create() adds the id to the filter, THEN inserts the row (synchronous SQLite), THEN
 *   overwrites the cache entry (a stale negative entry would otherwise hide the row), and
 *   only answers 201 after that cache write settled.
 * - A database read and the cache write of its result are issued in the same tick, so
 *   cache writes reach the cache in database order: a negative entry written from a read
 *   that happened before an insert is always overwritten by the insert's positive entry.
 * - create() removes the id's in-flight load from the coalescing map, so a lookup that
 *   starts after the 201 can never join a load that began (and may have read a stale
 *   negative entry) before the insert.
 * - When the cache write fails (Redis down), the id is kept in `pendingInvalidation`:
 *   lookups for it skip the cache until the entry is deleted after Redis recovers, and
 *   the database is marked "cache dirty" so a restart ignores every older entry.
 */
import { jitterTtl, type CacheEntry, type ProductCache } from './cache.ts';
import type { BloomManager } from './bloom-manager.ts';
import type { Counters } from './metrics.ts';
import type { Product } from './product.ts';
import type { ProductStore } from './store.ts';

export type LookupSource = 'bloom' | 'cache' | 'db';

export interface LookupResult {
  found: boolean;
  source: LookupSource;
  product: Product | null;
}

export type CreateResult = { created: true; product: Product } | { created: false };

export interface LookupOptions {
  bloom: BloomManager;
  store: ProductStore;
  cache: ProductCache;
  counters: Counters;
  /** Database epoch that cache entries must carry to be trusted (see index.ts). */
  epoch: string;
  /** TTL of positive entries (default 300 s) and negative entries (default 60 s), before jitter. */
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  random?: () => number;
}

const BLOOM_REJECT: LookupResult = Object.freeze({ found: false, source: 'bloom', product: null }) as LookupResult;

export class ProductLookup {
  private readonly o: LookupOptions;
  private readonly inflight = new Map<string, Promise<LookupResult>>();
  private readonly pendingInvalidation = new Set<string>();
  private readonly positiveTtlMs: number;
  private readonly negativeTtlMs: number;
  private readonly random: () => number;
  private readonly pendingWrites = new Set<Promise<unknown>>();

  constructor(options: LookupOptions) {
    this.o = options;
    this.positiveTtlMs = options.positiveTtlMs ?? 300_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 60_000;
    this.random = options.random ?? Math.random;
    options.cache.onRecover(() => void this.flushPendingInvalidations());
  }

  /** Looks an id up (the id must already be valid and the filter loaded). */
  get(id: string): Promise<LookupResult> | LookupResult {
    if (!this.o.bloom.has(id)) {
      this.o.counters.bloom_rejects_total++;
      return BLOOM_REJECT;
    }
    const running = this.inflight.get(id);
    if (running) {
      this.o.counters.coalesced_waits_total++;
      return running;
    }
    const flight = this.load(id);
    this.inflight.set(id, flight);
    const done = (): void => {
      if (this.inflight.get(id) === flight) this.inflight.delete(id);
    };
    flight.then(done, done);
    return flight;
  }

  private async load(id: string): Promise<LookupResult> {
    const { cache, counters, epoch } = this.o;
    if (!this.pendingInvalidation.has(id)) {
      let entry: CacheEntry | undefined;
      let cacheOk = true;
      try {
        entry = await cache.get(id);
      } catch {
        cacheOk = false;
        counters.cache_errors_total++;
      }
      if (entry && entry.epoch === epoch) {
        if (entry.product) {
          counters.cache_hits_total++;
          return { found: true, source: 'cache', product: entry.product };
        }
        counters.cache_negative_hits_total++;
        return { found: false, source: 'cache', product: null };
      }
      if (cacheOk) counters.cache_misses_total++;
    }
    // Database read and the cache write of its result in the same tick (see file comment).
    const product = this.o.store.get(id);
    if (product) {
      this.writeCache(id, product, this.positiveTtlMs);
      return { found: true, source: 'db', product };
    }
    counters.bloom_false_positives_total++;
    this.writeCache(id, null, this.negativeTtlMs);
    return { found: false, source: 'db', product: null };
  }

  private writeCache(id: string, product: Product | null, ttlMs: number): void {
    const p = this.o.cache
      .set(id, { epoch: this.o.epoch, product }, jitterTtl(ttlMs, this.random))
      .catch(() => {
        this.o.counters.cache_errors_total++;
      });
    this.track(p);
  }

  private track(p: Promise<unknown>): void {
    this.pendingWrites.add(p);
    void p.finally(() => this.pendingWrites.delete(p));
  }

  /**
   * Creates a product. Returns { created: false } when the id exists (the caller answers
   * 409; products are immutable here, so cached positive entries never go stale).
   */
  async create(product: Product): Promise<CreateResult> {
    const { bloom, store, cache, counters } = this.o;
    if (store.exists(product.id)) return { created: false };
    bloom.add(product.id); // 1. filter first: the row must never be visible without it
    store.insert(product); // 2. the row (synchronous, committed on return)
    this.inflight.delete(product.id); // 3. later lookups start a fresh load
    this.pendingInvalidation.add(product.id);
    const write = cache.set(product.id, { epoch: this.o.epoch, product }, jitterTtl(this.positiveTtlMs, this.random));
    this.track(write.catch(() => {}));
    try {
      await write;
      this.pendingInvalidation.delete(product.id);
    } catch {
      counters.cache_errors_total++;
      // Redis is down: the old (maybe negative) entry may still be there when it returns.
      store.setMeta('cache_dirty', '1');
    }
    return { created: true, product };
  }

  /** Deletes entries whose invalidation failed during an outage; runs when the cache recovers. */
  private async flushPendingInvalidations(): Promise<void> {
    for (const id of [...this.pendingInvalidation]) {
      try {
        await this.o.cache.delete(id);
        this.pendingInvalidation.delete(id);
      } catch {
        this.o.counters.cache_errors_total++;
        return; // still down; the next recovery retries
      }
    }
    if (this.pendingInvalidation.size === 0 && this.o.store.isOpen) this.o.store.setMeta('cache_dirty', '0');
  }

  /** Ids whose cache entry could not be invalidated yet. */
  get pendingInvalidations(): number {
    return this.pendingInvalidation.size;
  }

  /** Waits for in-flight cache writes (shutdown). */
  async drain(): Promise<void> {
    while (this.pendingWrites.size > 0) await Promise.all([...this.pendingWrites]);
  }
}
