/**
 * The store as the lookup flow and the filter see it: asynchronous, so SQLite (store.ts,
 * synchronous underneath) and PostgreSQL (pg-store.ts, several replicas) are used the same
 * way. `insert` resolves only once the row is committed: that is the moment a create may be
 * acknowledged (201).
 */
import type { Product } from './product.ts';
import { ProductStore } from './store.ts';

export interface ProductDatabase {
  readonly kind: 'sqlite' | 'postgres';
  /** Random id of this database, written once; ties snapshots and cache entries to it. */
  readonly databaseId: string;
  readonly isOpen: boolean;
  /** Product reads made for lookups (db_queries_total). */
  readonly lookupQueries: number;
  /** The product, or null. Counts as one database query. */
  get(id: string): Promise<Product | null>;
  /** Inserts one product; false when the id already exists. Resolves after the commit. */
  insert(product: Product): Promise<boolean>;
  /**
   * Inserts many products in one transaction (existing ids are left alone) and resolves
   * with the ids that were new, after the commit.
   */
  insertMany(products: readonly Product[]): Promise<string[]>;
  count(): Promise<number>;
  /** Up to `limit` ids greater than `after`, in id order (keyset pagination for rebuilds). */
  idsAfter(after: string, limit: number): Promise<string[]>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** SQLite through store.ts. Every call runs synchronously and resolves at once. */
export class SqliteDatabase implements ProductDatabase {
  readonly kind = 'sqlite' as const;
  /** The synchronous store, for the bulk-load path that needs its transactions. */
  readonly store: ProductStore;

  constructor(file: string) {
    this.store = new ProductStore({ file });
  }

  get databaseId(): string {
    return this.store.databaseId;
  }

  get isOpen(): boolean {
    return this.store.isOpen;
  }

  get lookupQueries(): number {
    return this.store.lookupQueries;
  }

  get(id: string): Promise<Product | null> {
    return Promise.resolve(this.store.get(id));
  }

  insert(product: Product): Promise<boolean> {
    return Promise.resolve(this.store.insert(product));
  }

  insertMany(products: readonly Product[]): Promise<string[]> {
    const fresh: string[] = [];
    this.store.transaction(() => {
      for (const p of products) if (this.store.insert(p)) fresh.push(p.id);
    });
    return Promise.resolve(fresh);
  }

  count(): Promise<number> {
    return Promise.resolve(this.store.count());
  }

  idsAfter(after: string, limit: number): Promise<string[]> {
    return Promise.resolve(this.store.idsAfter(after, limit));
  }

  getMeta(key: string): Promise<string | null> {
    return Promise.resolve(this.store.getMeta(key));
  }

  setMeta(key: string, value: string): Promise<void> {
    this.store.setMeta(key, value);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.store.close();
    return Promise.resolve();
  }
}
