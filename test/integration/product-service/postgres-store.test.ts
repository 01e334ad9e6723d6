/**
 * PostgreSQL as the product store (pg-store.ts), against a real PostgreSQL started here: the
 * schema, COPY bulk loads (escaping, duplicates, loads repeated by several replicas), a
 * commit before every acknowledged write, byte-order keyset pagination, and the whole
 * service on it with its own filter (one process, no --shared-filter).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductService } from '../../../electron/product-service/index.ts';
import { PgDatabase } from '../../../electron/product-service/pg-store.ts';
import { startPostgresServer, type PostgresServer } from '../../support/postgres-server.ts';

let server: PostgresServer;
const dir = mkdtempSync(join(tmpdir(), 'pw-pg-store-'));
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PgDatabase', () => {
  it('creates the schema once, keeps its database id, and bulk loads with COPY (escaping, duplicates, repeats)', async () => {
    const url = await server.createDatabase('store_a');
    // two replicas opening a fresh database at the same moment: one schema, one id
    const [a, b] = await Promise.all([PgDatabase.open({ url }), PgDatabase.open({ url })]);
    expect(a.databaseId).toMatch(/^[0-9a-f]{32}$/);
    expect(b.databaseId).toBe(a.databaseId);

    const tricky = [
      { id: 'T1', name: 'tab\there', price: 1.5 },
      { id: 'T2', name: 'line\nbreak\r\nand \\ backslash', price: null },
      { id: 'T3', name: null, price: 0 },
      { id: 'T1', name: 'second T1 line', price: 9 }, // the first line of an id wins
      { id: 'T4', name: '\\N is text, not null', price: 2 },
    ];
    expect((await a.insertMany(tricky)).sort()).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(await a.get('T1')).toEqual({ id: 'T1', name: 'tab\there', price: 1.5 });
    expect(await a.get('T2')).toEqual({ id: 'T2', name: 'line\nbreak\r\nand \\ backslash', price: null });
    expect(await a.get('T3')).toEqual({ id: 'T3', name: null, price: 0 });
    expect(await a.get('T4')).toEqual({ id: 'T4', name: '\\N is text, not null', price: 2 });
    // the same file loaded again, by the other replica: nothing new, nothing changed
    expect(await b.insertMany(tricky)).toEqual([]);
    expect(await b.count()).toBe(4);
    expect(a.lookupQueries).toBe(4);

    expect(await a.insert({ id: 'T5', name: 'one', price: 1 })).toBe(true);
    expect(await b.insert({ id: 'T5', name: 'two', price: 2 })).toBe(false);
    expect(await b.get('T5')).toEqual({ id: 'T5', name: 'one', price: 1 });
    await a.close();
    await b.close();
  });

  it('pages ids in byte order (what SQLite does), and a write is committed when it resolves', async () => {
    const url = await server.createDatabase('store_b');
    const db = await PgDatabase.open({ url });
    const ids = ['b', 'B', 'a', 'A', '_x', '-y', '0', 'z.1', 'Z:2'];
    await db.insertMany(ids.map((id) => ({ id, name: null, price: null })));
    const seen: string[] = [];
    for (let after = ''; ;) {
      const page = await db.idsAfter(after, 2);
      seen.push(...page);
      if (page.length < 2) break;
      after = page[page.length - 1];
    }
    expect(seen).toEqual([...ids].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1)));
    // a separate connection sees the acknowledged insert at once: it was committed
    await db.insert({ id: 'COMMITTED', name: 'c', price: 1 });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    expect((await other.query("SELECT name FROM products WHERE id = 'COMMITTED'")).rows).toEqual([{ name: 'c' }]);
    await other.end();
    await db.setMeta('k', 'v1');
    await db.setMeta('k', 'v2');
    expect(await db.getMeta('k')).toBe('v2');
    await db.close();
  });

  it('names the database when it cannot connect (and hides the password)', async () => {
    await expect(PgDatabase.open({ url: `postgres://someone:secret@127.0.0.1:${server.port}/no_such_db` })).rejects.toThrow(
      /^PostgreSQL postgres:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/no_such_db: role "someone" does not exist$/,
    );
  });
});

describe('the product service on PostgreSQL (one process, its own filter)', () => {
  it('loads a products file, answers through the filter, and keeps acknowledged creates across a restart', async () => {
    const url = await server.createDatabase('service_a');
    const file = join(dir, 'products.txt');
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `P${i},Item ${i},${i}`).join('\n'));
    let s = await startProductService({ port: 0, dbFile: url, productsFile: file, redisUrl: null });
    expect(s.productsLoad).toMatchObject({ accepted: 3000, inserted: 3000 });
    expect(s.bloomSource).toBe('empty');
    expect(s.bloomStats().current_items).toBe(3000);
    expect((await fetch(`${s.url}/products/P2999`)).status).toBe(200);
    expect(((await (await fetch(`${s.url}/products/NOPE`)).json()) as { source: string }).source).toBe('bloom');
    const created = await fetch(`${s.url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"NEW","name":"n","price":1}',
    });
    expect(created.status).toBe(201);
    const dup = await fetch(`${s.url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"NEW","name":"x","price":2}',
    });
    expect(dup.status).toBe(409);
    expect(s.bloomStats().current_items).toBe(3001); // the 409 was not counted
    await s.close();

    // a restart rebuilds its filter from PostgreSQL (no snapshot file for a database URL)
    s = await startProductService({ port: 0, dbFile: url, productsFile: file, redisUrl: null });
    expect(s.bloomSource).toBe('database');
    expect(s.productsLoad).toMatchObject({ accepted: 3000, inserted: 0 });
    expect(((await (await fetch(`${s.url}/products/NEW`)).json()) as { data: unknown }).data).toEqual({ id: 'NEW', name: 'n', price: 1 });
    await s.close();
  });

  it('takes DATABASE_URL when no database is given, and refuses one that is not postgres://', async () => {
    const url = await server.createDatabase('service_env');
    const saved = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = url;
      const s = await startProductService({ port: 0, productsFile: null, redisUrl: null });
      expect(
        (
          await fetch(`${s.url}/products`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"id":"ENV","name":"n","price":1}',
          })
        ).status,
      ).toBe(201);
      await s.close();
      const db = await PgDatabase.open({ url });
      expect(await db.get('ENV')).toMatchObject({ id: 'ENV' });
      await db.close();
      process.env.DATABASE_URL = 'mysql://127.0.0.1/x';
      await expect(startProductService({ port: 0, productsFile: null, redisUrl: null })).rejects.toThrow(
        /DATABASE_URL "mysql:\/\/127\.0\.0\.1\/x" is not a PostgreSQL URL/,
      );
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
