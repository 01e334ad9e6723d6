/**
 * Owns the live Bloom filter: loads it (snapshot or database), keeps it current, rebuilds
 * it from the database with an atomic swap, and saves snapshots.
 *
 * Invariant: every id in the database is in the live filter (no false negatives). It holds
 * because ids are added before their rows become visible (beforeInsert) and again after the
 * commit (afterInsert: a rebuild that started in between may have scanned past the row
 * before it was committed), because a snapshot is only trusted when it matches the
 * database (bloom-snapshot.ts), and because during a rebuild new ids go into BOTH the old
 * and the new filter. This is the filter of one process; shared-filter.ts is the one for
 * several replicas.
 */
import { existsSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { BloomStats } from '../core/model/product.ts';
import { BloomFilter } from './bloom-filter.ts';
import { loadSnapshot, saveSnapshot } from './bloom-snapshot.ts';
import type { ProductDatabase } from './database.ts';
import { messageOf } from '../core/model/errors.ts';

export interface BloomManagerOptions {
  store: ProductDatabase;
  expectedItems: number;
  falsePositiveRate: number;
  /** Where snapshots live; null disables them (e.g. an in-memory database). */
  snapshotFile: string | null;
  log: (line: string) => void;
  /** Called after each completed rebuild. */
  onRebuilt?: () => void;
  /** Ids read from the database per rebuild step (the event loop runs between steps). */
  rebuildBatch?: number;
}

export type BloomSource = 'snapshot' | 'empty' | 'database';

/**
 * The capacity a rebuild sizes for: the configured one, or twice the items once past it, so
 * the filter is not overfull again right away (FP climbs fast past n: 5.8% at 1.5n).
 * `items` must count the id that crossed the capacity: a create adds its id to the filter
 * before its row exists, so the row count alone is still exactly the old capacity and a
 * rebuild sized from it would need a second one at the next create.
 */
export function rebuildCapacity(configured: number, items: number): number {
  return items > configured ? Math.ceil(items * 2) : configured;
}

export class BloomManager {
  private live: BloomFilter | null = null;
  private next: BloomFilter | null = null;
  private rebuilding: Promise<void> | null = null;
  private aborted = false;
  private readonly options: BloomManagerOptions;

  constructor(options: BloomManagerOptions) {
    this.options = options;
  }

  /** The live filter; throws before init() finished. */
  get filter(): BloomFilter {
    if (!this.live) throw new Error('Bloom filter not loaded yet');
    return this.live;
  }

  get loaded(): boolean {
    return this.live !== null;
  }

  get isRebuilding(): boolean {
    return this.rebuilding !== null;
  }

  /**
   * Loads the filter: a matching snapshot, an empty filter for an empty database, else a
   * rebuild. `rows` is the row count to validate a snapshot against (default: now).
   */
  async init(rowsAtStart?: number): Promise<BloomSource> {
    const { store, snapshotFile, log } = this.options;
    const rows = rowsAtStart ?? (await store.count());
    if (snapshotFile && existsSync(snapshotFile)) {
      try {
        const { filter, origin } = loadSnapshot(snapshotFile);
        if (origin.databaseId !== store.databaseId) throw new Error('snapshot belongs to another database');
        if (origin.rowCount !== rows) throw new Error(`snapshot is stale (${origin.rowCount} rows then, ${rows} now)`);
        this.live = filter;
        return 'snapshot';
      } catch (err) {
        log(`bloom snapshot ${snapshotFile} not used: ${messageOf(err)}; rebuilding from the database`);
      }
    }
    if (rows === 0) {
      this.live = BloomFilter.create(this.options.expectedItems, this.options.falsePositiveRate);
      return 'empty';
    }
    await this.rebuild();
    return 'database';
  }

  /** False = definitely not in the database. */
  has(id: string): boolean {
    return this.live!.has(id);
  }

  // The lookup flow's filter interface (lookup.ts): synchronous here.
  mightContain(id: string): boolean {
    return this.live!.has(id);
  }

  /** Before the insert: bits only (the insert may find the id exists; nothing is counted then). */
  beforeInsert(id: string): void {
    this.addUncounted(id);
  }

  /** After the commit: the bits again into whichever filters exist now, and the new row counted. */
  afterInsert(id: string): void {
    this.add(id);
  }

  /**
   * Adds a NEW id (to both filters while a rebuild runs) and counts it. Call BEFORE the row
   * becomes visible.
   */
  add(id: string): void {
    this.live!.add(id);
    if (this.next) this.next.add(id);
    this.checkCapacity();
  }

  /**
   * Bulk loads: adds an id that may already be in the database without counting it; call
   * countInserted() with the number of rows that turned out to be new.
   */
  addUncounted(id: string): void {
    this.live!.add(id, false);
    if (this.next) this.next.add(id, false);
  }

  countInserted(rows: number): void {
    this.live!.count += rows;
    if (this.next) this.next.count += rows;
    this.checkCapacity();
  }

  /**
   * Sets the count to the database's row count. Only exact while nothing else writes and
   * every row went through the filter: after a bulk load by the worker, whose rows a
   * concurrent start-up rebuild may already have counted once.
   */
  async recount(): Promise<void> {
    this.live!.count = await this.options.store.count();
    this.checkCapacity();
  }

  private checkCapacity(): void {
    const live = this.live!;
    if (live.count > live.expectedItems && !this.rebuilding) {
      this.options.log(`bloom filter passed its capacity (${live.count} > ${live.expectedItems}); rebuilding larger`);
      this.rebuild(live.count).catch((err: Error) => this.options.log(`bloom rebuild failed: ${err.message}`));
    }
  }

  /**
   * Builds a new filter (new secret seed) from every id in the database and swaps it in.
   * Runs in steps so requests keep being served; concurrent calls share one rebuild.
   * `items`: how many ids the new filter must hold at least (default: the row count).
   */
  rebuild(items = 0): Promise<void> {
    if (!this.rebuilding) {
      this.rebuilding = this.runRebuild(items).finally(() => {
        this.rebuilding = null;
        this.next = null;
      });
    }
    return this.rebuilding;
  }

  private async runRebuild(items: number): Promise<void> {
    const { store, falsePositiveRate } = this.options;
    const batch = this.options.rebuildBatch ?? 20_000;
    const rows = await store.count();
    const expected = rebuildCapacity(this.options.expectedItems, Math.max(rows, items));
    const next = BloomFilter.create(expected, falsePositiveRate);
    this.next = next;
    // From here on add() feeds both filters. An id added to the live filter just before
    // `next` existed, whose row the scan misses, is added again by afterInsert() before its
    // create is acknowledged.
    await yieldToEventLoop();
    let after = '';
    for (;;) {
      if (this.aborted) return;
      const ids = await store.idsAfter(after, batch);
      for (const id of ids) next.add(id, false);
      if (ids.length < batch) break;
      after = ids[ids.length - 1];
      await yieldToEventLoop();
    }
    // Ids created during the rebuild may also have been read by the scan: recount exactly.
    next.count = await store.count();
    // The swap is one assignment on the event loop: lookups see the old or the new
    // filter, never a half-built one.
    this.live = next;
    this.options.onRebuilt?.();
    // The snapshot claims only the rows counted BEFORE the scan: those were committed
    // before it started, so it saw them all. Rows another connection (the bulk-insert
    // worker) committed during the scan may sort before its cursor and be missing; counting
    // them would let a later start trust a filter that lacks them. A lower count only makes
    // the snapshot look stale (rebuild), never wrong.
    await this.saveSnapshot(rows);
  }

  /**
   * Writes the snapshot (when enabled). `rowCount` is the number of rows the filter is known
   * to hold; by default the current count, right when nothing else writes the database
   * (shutdown: every row this process inserted went through the filter first).
   */
  async saveSnapshot(rowCount?: number): Promise<void> {
    const { snapshotFile, store } = this.options;
    if (!snapshotFile || !this.live || !store.isOpen) return;
    try {
      saveSnapshot(snapshotFile, this.live, { databaseId: store.databaseId, rowCount: rowCount ?? (await store.count()) });
    } catch (err) {
      this.options.log(`bloom snapshot not saved: ${messageOf(err)}`);
    }
  }

  /** Stops a running rebuild (shutdown); the live filter stays valid. */
  async stop(): Promise<void> {
    this.aborted = true;
    await this.rebuilding?.catch(() => {});
  }

  stats(): BloomStats {
    const f = this.filter;
    return {
      bit_array_size: f.m,
      hash_function_count: f.k,
      expected_items: f.expectedItems,
      false_positive_rate: f.falsePositiveRate,
      current_items: f.count,
      estimated_false_positive_rate: f.estimatedFalsePositiveRate(),
      fill_ratio: f.fillRatio(),
    };
  }
}
