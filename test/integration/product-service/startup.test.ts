/**
 * The product service's start-up over real HTTP with real SQLite files: loading a products
 * file (with and without the bulk-insert worker, the default data/products.txt), warm
 * restarts from a snapshot and what makes one unusable, item counts, and readiness (503
 * while the filter loads).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { get, post, productHarness } from './harness.ts';

const { dir, start, forgetLast } = productHarness('pw-product-startup-');

describe('product service start-up', () => {
  it('restarts warm from a snapshot, and rebuilds from the DB when the snapshot is corrupt, foreign or stale', async () => {
    const dbFile = join(dir, 'snap.sqlite');
    let s = await start({ dbFile });
    expect(s.bloomSource).toBe('empty');
    for (let i = 0; i < 20; i++) await post(s, '/products', JSON.stringify({ id: `S${i}`, name: 's', price: i }));
    await s.close();
    forgetLast();

    s = await start({ dbFile });
    expect(s.bloomSource).toBe('snapshot');
    expect((await get(s, '/products/S7')).status).toBe(200);
    await s.close();
    forgetLast();

    const snap = readFileSync(`${dbFile}.bloom`);
    snap[500] ^= 0xff;
    writeFileSync(`${dbFile}.bloom`, snap);
    const logs: string[] = [];
    s = await start({ dbFile, log: (l) => logs.push(l) });
    expect(s.bloomSource).toBe('database');
    expect(logs.join('\n')).toMatch(/checksum/);
    for (let i = 0; i < 20; i++) expect((await get(s, `/products/S${i}`)).status).toBe(200);
    await s.close();
    forgetLast();

    // a snapshot from another database
    const other = await start({ dbFile: join(dir, 'other.sqlite') });
    await other.close();
    forgetLast();
    writeFileSync(`${dbFile}.bloom`, readFileSync(join(dir, 'other.sqlite.bloom')));
    logs.length = 0;
    s = await start({ dbFile, log: (l) => logs.push(l) });
    expect(s.bloomSource).toBe('database');
    expect(logs.join('\n')).toMatch(/another database/);
    expect((await get(s, '/products/S3')).status).toBe(200);
    await s.close();
    forgetLast();

    // stale: a row added behind the service's back (e.g. a crash after an insert)
    const raw = new DatabaseSync(dbFile);
    raw.prepare('INSERT INTO products (id, name, price, updated_at) VALUES (?, ?, ?, ?)').run('LATE', 'late', 1, 0);
    raw.close();
    logs.length = 0;
    s = await start({ dbFile, log: (l) => logs.push(l) });
    expect(s.bloomSource).toBe('database');
    expect(logs.join('\n')).toMatch(/stale/);
    expect((await get(s, '/products/LATE')).status).toBe(200);
  });

  it('keeps current_items equal to the rows across warm restarts with the same products file', async () => {
    const dbFile = join(dir, 'count.sqlite');
    const products = join(dir, 'count.txt');
    writeFileSync(products, Array.from({ length: 30 }, (_, i) => `N${i}`).join('\n'));
    let s = await start({ dbFile, productsFile: products, expectedItems: 40 });
    expect(s.bloomStats().current_items).toBe(30);
    expect(s.productsLoad).toMatchObject({ accepted: 30, inserted: 30 });
    await s.close();
    forgetLast();
    s = await start({ dbFile, productsFile: products, expectedItems: 40 });
    expect(s.bloomSource).toBe('snapshot');
    expect(s.productsLoad).toMatchObject({ accepted: 30, inserted: 0 });
    expect(s.bloomStats().current_items).toBe(30); // not 60: no needless capacity rebuild
    expect(s.metrics().bloom_rebuilds_total).toBe(0);
  });

  it('counts each row once when the start-up rebuild runs while the worker inserts a new file', async () => {
    const dbFile = join(dir, 'race.sqlite');
    const first = join(dir, 'race-1.txt');
    const second = join(dir, 'race-2.txt');
    writeFileSync(first, Array.from({ length: 100_000 }, (_, i) => `R${i}`).join('\n'));
    writeFileSync(second, Array.from({ length: 200_000 }, (_, i) => `S${i}`).join('\n'));
    const s1 = await start({ dbFile, productsFile: first });
    await s1.close();
    forgetLast();
    // No snapshot: the second start rebuilds from 100k rows while its worker inserts 200k.
    rmSync(`${dbFile}.bloom`);
    const s2 = await start({ dbFile, productsFile: second });
    expect(s2.bloomSource).toBe('database');
    expect(s2.productsLoad).toMatchObject({ inserted: 200_000 });
    const rows = (new DatabaseSync(dbFile).prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number }).n;
    expect(rows).toBe(300_000);
    expect(s2.bloomStats().current_items).toBe(rows);
    expect((await get(s2, '/products/R5')).status).toBe(200);
    expect((await get(s2, '/products/S199999')).status).toBe(200);
  });

  it('loads data/products.txt from the working directory by default', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pw-default-products-'));
    const previous = process.cwd();
    try {
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data', 'products.txt'), 'D1,Default,1.5\nD2\n');
      process.chdir(cwd);
      const s = await start({ productsFile: undefined, dbFile: ':memory:' });
      expect(s.productsLoad).toMatchObject({ accepted: 2, inserted: 2 });
      expect((await get(s, '/products/D1')).body.data).toEqual({ id: 'D1', name: 'Default', price: 1.5 });
    } finally {
      process.chdir(previous);
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('loads a products file into an in-memory database (no worker) as well as into a file', async () => {
    const products = join(dir, 'mem.txt');
    writeFileSync(products, 'X1,One,1\nX2\nbad!\n');
    const mem = await start({ dbFile: ':memory:', productsFile: products });
    expect(mem.productsLoad).toMatchObject({ accepted: 2, inserted: 2, problemCount: 1 });
    expect((await get(mem, '/products/X1')).body.data).toEqual({ id: 'X1', name: 'One', price: 1 });
    expect(mem.bloomStats().current_items).toBe(2);
    const file = await start({ productsFile: products });
    expect(file.productsLoad).toMatchObject({ accepted: 2, inserted: 2, problemCount: 1 });
    expect((await get(file, '/products/X2')).body.data).toEqual({ id: 'X2', name: null, price: null });
    expect(file.bloomStats().current_items).toBe(2);
  });

  it('fails cleanly when the port is taken (and stops its bulk-insert worker)', async () => {
    const a = await start();
    const port = Number(new URL(a.url).port);
    const products = join(dir, 'taken.txt');
    writeFileSync(products, Array.from({ length: 1000 }, (_, i) => `T${i}`).join('\n'));
    await expect(start({ port, productsFile: products })).rejects.toThrow(/EADDRINUSE/);
    // the service can still start afterwards on another port with the same kind of setup
    const b = await start({ productsFile: products });
    expect((await get(b, '/products/T999')).status).toBe(200);
  });

  it('serves 503 while the filter loads, then answers', async () => {
    const products = join(dir, 'big.txt');
    writeFileSync(products, Array.from({ length: 300_000 }, (_, i) => `B${i}`).join('\n'));
    const statuses: number[] = [];
    let polling: Promise<void> | null = null;
    let loaded = false;
    const s = await start({
      productsFile: products,
      onListening: (url) => {
        polling = (async () => {
          for (let i = 0; i < 200 && !loaded; i++) {
            const res = await fetch(`${url}/products/B1`);
            statuses.push(res.status);
            await res.arrayBuffer();
          }
        })();
      },
    });
    loaded = true;
    await polling;
    expect(statuses[0]).toBe(503);
    expect((await get(s, '/products/B1')).status).toBe(200);
    expect((await get(s, '/products/B299999')).status).toBe(200);
    expect(s.metrics().requests_unavailable_total).toBeGreaterThanOrEqual(1);
  });

  it('reports not ready on /health and refuses POST /admin/rebuild with 503 until the products file is loaded', async () => {
    // A rebuild that scanned the database while the bulk-insert worker was still writing
    // could miss rows whose ids the main thread had already put in the old filter.
    const products = join(dir, 'big-rebuild.txt');
    writeFileSync(products, Array.from({ length: 300_000 }, (_, i) => `R${i}`).join('\n'));
    let early: Promise<number> | null = null;
    let earlyHealth: Promise<{ status: number; body: unknown }> | null = null;
    const s = await start({
      productsFile: products,
      onListening: (url) => {
        earlyHealth = fetch(`${url}/health`).then(async (res) => ({ status: res.status, body: await res.json() }));
        early = fetch(`${url}/admin/rebuild`, { method: 'POST' }).then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        });
      },
    });
    expect(await early).toBe(503);
    expect(await earlyHealth).toMatchObject({ status: 503, body: { status: 'degraded', bloom_filter_loaded: false } });
    expect(await get(s, '/health')).toMatchObject({ status: 200, body: { status: 'ok', bloom_filter_loaded: true } });
    expect((await post(s, '/admin/rebuild', '{}')).status).toBe(200);
    for (const id of ['R0', 'R150000', 'R299999']) expect((await get(s, `/products/${id}`)).status).toBe(200);
  });
});
