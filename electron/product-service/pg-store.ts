/**
 * PostgreSQL as the store (`--db postgres://…` / DATABASE_URL), for several replicas sharing
 * one database; SQLite (store.ts) stays the default for one process. Same schema as
 * store.ts: `products (id, name, price, updated_at)` and `meta (key, value)`; ids are
 * compared byte-wise (COLLATE "C"), like SQLite's BINARY, so keyset pagination in rebuilds
 * walks the same order everywhere.
 *
 * Durability is PostgreSQL's: every write is one statement or one transaction, and the
 * promise resolves after COMMIT, so a 201 is never sent for a row that is not committed.
 * Bulk loads stream the rows with COPY (pg-copy-streams) into a temporary table and move
 * them with one INSERT … ON CONFLICT DO NOTHING, so a products file loaded by several
 * replicas, or twice, stores each id once.
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ProductDatabase } from './database.ts';
import type { Product } from './product.ts';
import { messageOf } from '../core/model/errors.ts';

/** Any statement longer than this fails (a stuck database must not hold a create forever). */
export const STATEMENT_TIMEOUT_MS = 10_000;

/** Serializes schema creation between replicas starting at the same time. */
const SCHEMA_LOCK = 0x70770001;

/** Whether `url` names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** One COPY text-format field: \N for null, backslash escapes for \ tab newline return. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export interface PgDatabaseOptions {
  url: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export class PgDatabase implements ProductDatabase {
  readonly kind = 'postgres' as const;
  lookupQueries = 0;
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private id = '';
  private closed = false;

  private constructor(options: PgDatabaseOptions) {
    this.now = options.now ?? Date.now;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      connectionTimeoutMillis: 5000,
    });
    // An idle client losing its connection must not crash the process; the next query
    // gets a fresh connection or a clear error.
    this.pool.on('error', (err) => options.log?.(`postgres: ${err.message}`));
  }

  /** Connects, creates the schema when missing, and reads the database id. */
  static async open(options: PgDatabaseOptions): Promise<PgDatabase> {
    const db = new PgDatabase(options);
    try {
      await db.transaction(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await c.query(`CREATE TABLE IF NOT EXISTS products (
          id TEXT COLLATE "C" PRIMARY KEY,
          name TEXT,
          price DOUBLE PRECISION,
          updated_at BIGINT NOT NULL
        )`);
        await c.query('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
        await c.query("INSERT INTO meta (key, value) VALUES ('database_id', $1) ON CONFLICT (key) DO NOTHING", [
          randomBytes(16).toString('hex'),
        ]);
      });
      db.id = String((await db.pool.query("SELECT value FROM meta WHERE key = 'database_id'")).rows[0].value);
    } catch (err) {
      await db.pool.end().catch(() => {});
      throw new Error(`PostgreSQL ${redact(options.url)}: ${messageOf(err)}`, { cause: err });
    }
    return db;
  }

  get databaseId(): string {
    return this.id;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async get(id: string): Promise<Product | null> {
    this.lookupQueries++;
    const r = await this.pool.query<{ id: string; name: string | null; price: number | null }>({
      name: 'product-get',
      text: 'SELECT id, name, price FROM products WHERE id = $1',
      values: [id],
    });
    const row = r.rows[0];
    return row ? { id: row.id, name: row.name, price: row.price } : null;
  }

  async insert(product: Product): Promise<boolean> {
    const r = await this.pool.query({
      name: 'product-insert',
      text: 'INSERT INTO products (id, name, price, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
      values: [product.id, product.name, product.price, this.now()],
    });
    return r.rowCount === 1;
  }

  async insertMany(products: readonly Product[]): Promise<string[]> {
    // An id twice in one batch is stored once, from its first line (like SQLite's INSERT OR IGNORE).
    const first = new Map<string, Product>();
    for (const p of products) if (!first.has(p.id)) first.set(p.id, p);
    const now = this.now();
    return this.transaction(async (c) => {
      await c.query('CREATE TEMP TABLE products_load (id TEXT, name TEXT, price DOUBLE PRECISION, updated_at BIGINT) ON COMMIT DROP');
      // Rows joined into ~1,000-row chunks: one stream write per row made COPY ~10x slower.
      const lines = Readable.from(
        (function* () {
          let chunk = '';
          let n = 0;
          for (const p of first.values()) {
            chunk += `${copyField(p.id)}\t${copyField(p.name)}\t${copyField(p.price)}\t${now}\n`;
            if (++n % 1000 === 0) {
              yield chunk;
              chunk = '';
            }
          }
          if (chunk) yield chunk;
        })(),
      );
      await pipeline(lines, c.query(copyFrom('COPY products_load (id, name, price, updated_at) FROM STDIN')));
      const r = await c.query<{ id: string }>(
        'INSERT INTO products SELECT id, name, price, updated_at FROM products_load ON CONFLICT (id) DO NOTHING RETURNING id',
      );
      return r.rows.map((row) => row.id);
    });
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM products')).rows[0].n);
  }

  async idsAfter(after: string, limit: number): Promise<string[]> {
    const r = await this.pool.query<[string]>({
      name: 'product-ids-after',
      text: 'SELECT id FROM products WHERE id > $1 ORDER BY id LIMIT $2',
      values: [after, limit],
      rowMode: 'array',
    });
    return r.rows.map((row) => row[0]);
  }

  async getMeta(key: string): Promise<string | null> {
    const r = await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return r.rows[0]?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
