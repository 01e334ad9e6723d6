/**
 * The source of truth: SQLite through node:sqlite (built into Node 24 and Electron's Node,
 * so there is no native module to rebuild), WAL mode, one `products` table.
 *
 * Reads are synchronous on purpose: a primary-key lookup takes microseconds, and being
 * synchronous makes every read and write atomic with respect to the event loop, which the
 * lookup flow relies on (see lookup.ts).
 */
import { randomBytes } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Product } from './product.ts';

/** Rows per multi-row INSERT in bulk loads: one native call per 100 rows is ~2.5x faster than one per row. */
const MULTI_ROWS = 100;

export interface StoreOptions {
  /** A file path, or ':memory:'. */
  file: string;
  now?: () => number;
}

export class ProductStore {
  readonly file: string;
  /** Random id of this database, written once; ties snapshots and cache entries to it. */
  readonly databaseId: string;
  /** Product reads made for lookups (db_queries_total). Observable so tests can count them. */
  lookupQueries = 0;
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  private readonly getStmt: StatementSync;
  private readonly insertStmt: StatementSync;
  private readonly insertManyStmt: StatementSync;
  private readonly countStmt: StatementSync;
  private readonly idsAfterStmt: StatementSync;
  private closed = false;

  constructor(options: StoreOptions) {
    this.file = options.file;
    this.now = options.now ?? Date.now;
    this.db = new DatabaseSync(options.file);
    // WAL: readers never block the writer. synchronous=NORMAL in WAL mode is durable across
    // process crashes (only an OS crash can lose the last commits), which is what "no lost
    // writes on SIGTERM" needs without an fsync per insert.
    // page_size only takes effect on a new database; 16 KiB pages made 1M-row bulk loads
    // ~20% faster here than the 4 KiB default. busy_timeout comes first: switching to WAL
    // needs a lock that another connection closing this file (its checkpoint) may hold for a
    // moment, and without the timeout that is "database is locked" at once.
    this.db.exec(`
      PRAGMA busy_timeout = 5000;
      PRAGMA page_size = 16384;
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS products (
        id TEXT PRIMARY KEY,
        name TEXT,
        price REAL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    `);
    this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', ?)").run(randomBytes(16).toString('hex'));
    this.databaseId = String((this.db.prepare("SELECT value FROM meta WHERE key = 'database_id'").get() as { value: string }).value);
    this.getStmt = this.db.prepare('SELECT id, name, price FROM products WHERE id = ?');
    this.insertStmt = this.db.prepare('INSERT OR IGNORE INTO products (id, name, price, updated_at) VALUES (?, ?, ?, ?)');
    this.insertManyStmt = this.db.prepare(
      `INSERT OR IGNORE INTO products (id, name, price, updated_at) VALUES ${Array(MULTI_ROWS).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    this.countStmt = this.db.prepare('SELECT count(*) AS n FROM products');
    this.idsAfterStmt = this.db.prepare('SELECT id FROM products WHERE id > ? ORDER BY id LIMIT ?');
    this.idsAfterStmt.setReturnArrays(true);
  }

  /** The product, or null. Counts as one database query. */
  get(id: string): Product | null {
    this.lookupQueries++;
    const row = this.getStmt.get(id) as { id: string; name: string | null; price: number | null } | undefined;
    return row ? { id: row.id, name: row.name, price: row.price } : null;
  }

  /** Inserts one product; false when the id already exists (nothing is changed then). */
  insert(product: Product): boolean {
    const r = this.insertStmt.run(product.id, product.name, product.price, this.now());
    return Number(r.changes) === 1;
  }

  /**
   * Inserts many products (existing ids are left alone); returns how many were new. Call
   * inside transaction() for speed.
   */
  insertMany(products: readonly Product[]): number {
    const now = this.now();
    let inserted = 0;
    let i = 0;
    if (products.length >= MULTI_ROWS) {
      const args: (string | number | null)[] = new Array<string | number | null>(MULTI_ROWS * 4);
      for (; i + MULTI_ROWS <= products.length; i += MULTI_ROWS) {
        for (let j = 0; j < MULTI_ROWS; j++) {
          const p = products[i + j];
          args[j * 4] = p.id;
          args[j * 4 + 1] = p.name;
          args[j * 4 + 2] = p.price;
          args[j * 4 + 3] = now;
        }
        inserted += Number(this.insertManyStmt.run(...args).changes);
      }
    }
    for (; i < products.length; i++) if (this.insert(products[i])) inserted++;
    return inserted;
  }

  /**
   * Runs `fn` inside one transaction (bulk loads: one transaction and one prepared
   * statement is what makes 1M rows take seconds, not minutes).
   */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  count(): number {
    return Number((this.countStmt.get() as { n: number }).n);
  }

  /** Up to `limit` ids greater than `after`, in id order (keyset pagination for rebuilds). */
  idsAfter(after: string, limit: number): string[] {
    const rows = this.idsAfterStmt.all(after, limit) as unknown as [string][];
    const ids = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = rows[i][0];
    return ids;
  }

  /** A meta value (e.g. the cache epoch counter). */
  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Closes the database (SQLite checkpoints the WAL into the main file on the last close). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
