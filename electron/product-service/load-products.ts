/**
 * Loading the products file at start, into whichever store and filter the service runs
 * with. In every case the ids enter the filter before their rows are committed:
 * - SQLite file, own filter: a worker thread inserts while this thread fills the filter
 *   (bulk-insert-worker.ts); the service is not ready until both are done.
 * - SQLite in memory, own filter: one transaction per batch, ids added inside it.
 * - PostgreSQL, own filter: ids added, then the batch COPYed and committed (pg-store.ts).
 * - Shared filter: the batch's bits are ORed into the shared generations, the batch is
 *   committed, its bits ORed again (a rebuild may have begun meanwhile, as for a create)
 *   with the new rows counted, and the cache entries of the new ids are dropped: another
 *   replica may have cached "not found" for one of them.
 */
import type { BloomManager } from './bloom-manager.ts';
import type { BulkInsert } from './bulk-insert.ts';
import type { ProductCache } from './cache.ts';
import { SqliteDatabase, type ProductDatabase } from './database.ts';
import { loadProductsFile, type LoadProductsResult, type LoadProgress } from './products-file.ts';
import type { SharedFilter } from './shared-filter.ts';

export interface LoadTarget {
  db: ProductDatabase;
  cache: ProductCache;
  /** Exactly one of the two filters. */
  local?: BloomManager;
  shared?: SharedFilter;
  /** The SQLite bulk-insert worker already started on the same file (own filter only). */
  worker?: BulkInsert | null;
  onProgress?: (p: LoadProgress) => void;
}

export async function loadProducts(file: string, t: LoadTarget): Promise<LoadProductsResult> {
  const { db, local, shared, worker } = t;
  if (local && worker) {
    // This thread fills the filter; the worker fills the database. Not ready until both finish.
    const result = await loadProductsFile(file, {
      insertBatch: (products) => {
        for (const p of products) local.addUncounted(p.id);
        return 0;
      },
    });
    result.inserted = await worker.done;
    // Not countInserted(inserted): a start-up rebuild that scanned while the worker wrote
    // has counted some of those rows already. Nothing else writes yet (not ready), and
    // every row is in the filter, so the row count is the exact count.
    await local.recount();
    return result;
  }
  if (local && db instanceof SqliteDatabase) {
    const store = db.store;
    return loadProductsFile(file, {
      insertBatch: (products) =>
        store.transaction(() => {
          for (const p of products) local.addUncounted(p.id); // before the rows are visible, like every insert
          const inserted = store.insertMany(products);
          local.countInserted(inserted);
          return inserted;
        }),
      onProgress: t.onProgress,
    });
  }
  if (local) {
    return loadProductsFile(file, {
      insertBatch: async (products) => {
        for (const p of products) local.addUncounted(p.id);
        const fresh = await db.insertMany(products);
        local.countInserted(fresh.length);
        return fresh.length;
      },
      onProgress: t.onProgress,
    });
  }
  const filter = shared!;
  return loadProductsFile(file, {
    insertBatch: async (products) => {
      const ids = products.map((p) => p.id);
      await filter.addMany(ids, 0);
      const fresh = await db.insertMany(products);
      if (fresh.length > 0) {
        await filter.addMany(fresh, fresh.length);
        await t.cache.deleteMany(fresh);
      }
      return fresh.length;
    },
    onProgress: t.onProgress,
  });
}
