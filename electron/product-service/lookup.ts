/**
 * The lookup flow: Bloom filter → cache → database, with negative caching and request
 * coalescing, and the create path that keeps the filter ahead of the database. The filter
 * is this process's own (bloom-manager.ts) or the one shared by every replica
 * (shared-filter.ts); the database is SQLite or PostgreSQL (database.ts).
 *
 * Ordering arguments (why there is no false negative for an acknowledged insert):
 * - create() puts the id into the filter, THEN inserts the row (resolved after the commit),
 *   THEN puts it into the filter again (a rebuild may have begun in between), THEN
 *   overwrites the cache entry (a stale negative entry would otherwise hide the row), and
 *   only answers 201 after that cache write settled.
 * - A negative entry from a database read that may predate a commit never stays: a lookup
 *   whose read was answered after a create of this process committed does not cache "not
 *   found" (createSeq), one answered before is overwritten by the create's positive entry,
 *   and across replicas the Redis write refuses while the id is being created and never
 *   overwrites an entry (cache.ts setNegative).
 * - create() removes the id's in-flight load from the coalescing map, so a lookup that
 *   starts after the 201 can never join a load that began (and may have read a stale
 *   negative entry) before the insert.
 * - When the cache write fails (Redis down), the id is kept in `pendingInvalidation`:
 *   lookups for it skip the cache until the entry is deleted after Redis recovers, and
 *   the database is marked "cache dirty" so a restart ignores every older entry.
 */
import { jitterTtl, type CacheEntry, type ProductCache } from './cache.ts';
import type { ProductDatabase } from './database.ts';
import type { Counters } from './metrics.ts';
import type { Product } from './product.ts';

/** A create the filter could not take (the shared filter's Redis is unreachable): nothing or not all was done; the message says which. */
export class FilterUnavailableError extends Error {}

/** What the lookup flow needs from a filter (bloom-manager.ts, shared-filter.ts). */
export interface LookupFilter {
  /** False = definitely absent; true = maybe present; a promise when it has to ask Redis. */
  mightContain(id: string): boolean | Promise<boolean>;
  /** Before the row is written. Throws FilterUnavailableError when the id cannot enter the filter (nothing is stored then). */
  beforeInsert(id: string): void | Promise<void>;
  /** After the commit, before the 201. Throws FilterUnavailableError when it cannot confirm the id. */
  afterInsert(id: string): void | Promise<void>;
}

export type LookupSource = 'bloom' | 'cache' | 'db';

export interface LookupResult {
  found: boolean;
  source: LookupSource;
  product: Product | null;
}

export type CreateResult = { created: true; product: Product } | { created: false };

export interface LookupOptions {
  filter: LookupFilter;
  store: ProductDatabase;
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
  /** Commits of creates so far (see the file comment on negative entries). */
  private createSeq = 0;

  constructor(options: LookupOptions) {
    this.o = options;
    this.positiveTtlMs = options.positiveTtlMs ?? 300_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 60_000;
    this.random = options.random ?? Math.random;
    options.cache.onRecover(() => void this.flushPendingInvalidations());
  }

  /**
   * The filter's verdict for the raw fast path (routes.ts): true = "definitely absent"
   * (counted as a reject), false = maybe present, or a promise of either.
   */
  rejects(id: string): boolean | Promise<boolean> {
    const v = this.o.filter.mightContain(id);
    if (v === true) return false;
    if (v === false) return this.reject();
    return v.then((present) => !present && this.reject());
  }

  private reject(): true {
    this.o.counters.bloom_rejects_total++;
    return true;
  }

  /**
   * Looks an id up (the id must already be valid and the filter loaded). `passed`: the
   * filter was already asked and said "maybe present" (the fast path's check).
   */
  get(id: string, passed = false): Promise<LookupResult> | LookupResult {
    if (!passed) {
      const v = this.o.filter.mightContain(id);
      if (v === false) return (this.reject(), BLOOM_REJECT);
      if (v !== true) return v.then((present) => (present ? this.coalesced(id) : (this.reject(), BLOOM_REJECT)));
    }
    return this.coalesced(id);
  }

  /** One load per id at a time; concurrent lookups of the id wait for it. */
  private coalesced(id: string): Promise<LookupResult> {
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
    const seq = this.createSeq;
    const product = await this.o.store.get(id);
    if (product) {
      this.writeCache(id, product);
      return { found: true, source: 'db', product };
    }
    counters.bloom_false_positives_total++;
    // A create committed while this read was out: the read may predate it (file comment).
    if (seq === this.createSeq) this.writeCache(id, null);
    return { found: false, source: 'db', product: null };
  }

  private writeCache(id: string, product: Product | null): void {
    const entry = { epoch: this.o.epoch, product };
    const cache = this.o.cache;
    const write = product
      ? cache.set(id, entry, jitterTtl(this.positiveTtlMs, this.random))
      : cache.setNegative(id, entry, jitterTtl(this.negativeTtlMs, this.random));
    this.track(
      write.catch(() => {
        this.o.counters.cache_errors_total++;
      }),
    );
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
    const { filter, store, cache, counters } = this.o;
    // No "exists?" read first: the insert says so, and an id that already exists only gets
    // its bits set again (harmless) — one database round trip less per create.
    await filter.beforeInsert(product.id); // 1. filter first: the row must never be visible without it
    const inserted = await store.insert(product); // 2. the row, committed when this resolves
    if (!inserted) return { created: false }; // it exists (maybe created meanwhile by another request or replica)
    this.createSeq++;
    this.inflight.delete(product.id); // 3. later lookups start a fresh load
    await filter.afterInsert(product.id); // 4. into any filter a rebuild swapped in meanwhile
    this.pendingInvalidation.add(product.id);
    const write = cache.set(product.id, { epoch: this.o.epoch, product }, jitterTtl(this.positiveTtlMs, this.random));
    this.track(write.catch(() => {}));
    try {
      await write;
      this.pendingInvalidation.delete(product.id);
    } catch {
      counters.cache_errors_total++;
      // Redis is down: the old (maybe negative) entry may still be there when it returns.
      await store.setMeta('cache_dirty', '1').catch(() => {});
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
    if (this.pendingInvalidation.size === 0 && this.o.store.isOpen) await this.o.store.setMeta('cache_dirty', '0').catch(() => {});
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
