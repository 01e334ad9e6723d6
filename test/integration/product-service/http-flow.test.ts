/**
 * The product service over real HTTP (port 0) with a real SQLite file and the LRU cache:
 * the lookup flow and its metrics, forced false positives, every bad input, snapshots.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startProductService, type RunningProductService } from '../../../electron/product-service/index.ts';
import { isLoopback } from '../../../electron/product-service/routes.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-product-http-'));
const running: RunningProductService[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function start(options: Parameters<typeof startProductService>[0] = {}): Promise<RunningProductService> {
  const s = await startProductService({ port: 0, redisUrl: null, productsFile: null, dbFile: join(dir, `db-${n++}.sqlite`), ...options });
  running.push(s);
  return s;
}

async function get(s: RunningProductService, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(s.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Raw POST so bodies can be invalid JSON or oversized. */
function post(s: RunningProductService, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(s.url + path, { method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('product service over HTTP (LRU cache)', () => {
  it('answers with the seed-compatible shapes and counts every step', async () => {
    const products = join(dir, 'products.txt');
    writeFileSync(products, '# seed\nA001\nA002,Widget,9.99\n');
    const s = await start({ productsFile: products });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // filter says no → 404 from the filter, no cache, no DB query
    let r = await get(s, '/products/NOPE');
    expect(r).toEqual({ status: 404, body: { productId: 'NOPE', exists: false, source: 'bloom', data: null } });
    expect(s.metrics()).toMatchObject({ db_queries_total: 0, bloom_rejects_total: 1, cache_misses_total: 0 });

    // present: DB first, then cache
    r = await get(s, '/products/A002');
    expect(r).toEqual({ status: 200, body: { productId: 'A002', exists: true, source: 'db', data: { id: 'A002', name: 'Widget', price: 9.99 } } });
    r = await get(s, '/products/A002');
    expect(r.body.source).toBe('cache');
    expect(s.metrics()).toMatchObject({ db_queries_total: 1, cache_hits_total: 1, requests_found_total: 2 });
    r = await get(s, '/products/A001');
    expect(r.body).toEqual({ productId: 'A001', exists: true, source: 'db', data: { id: 'A001', name: null, price: null } });

    // create → 201, then visible; duplicate → 409
    const created = await post(s, '/products', JSON.stringify({ id: 'NEW-1', name: 'New', price: 19.99 }));
    expect(created).toEqual({ status: 201, body: { productId: 'NEW-1', exists: true, source: 'db', data: { id: 'NEW-1', name: 'New', price: 19.99 } } });
    r = await get(s, '/products/NEW-1');
    expect(r.status).toBe(200);
    const dup = await post(s, '/products', JSON.stringify({ id: 'NEW-1', name: 'Other', price: 1 }));
    expect(dup.status).toBe(409);
    expect((await get(s, '/products/NEW-1')).body.data).toEqual({ id: 'NEW-1', name: 'New', price: 19.99 });

    const stats = (await get(s, '/bloom/stats')).body;
    expect(stats).toMatchObject({ bit_array_size: 9_585_059, hash_function_count: 7, expected_items: 1_000_000, false_positive_rate: 0.01, current_items: 3 });
    expect(stats.estimated_false_positive_rate).toBeCloseTo(Math.pow(1 - Math.exp((-7 * 3) / 9_585_059), 7), 50);
    expect(stats.fill_ratio).toBeCloseTo(21 / 9_585_059, 9);
    expect(s.bloomStats()).toEqual(stats);

    const health = await get(s, '/health');
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', bloom_filter_loaded: true, cache: 'lru' }) });
    const metrics = (await get(s, '/metrics')).body;
    expect(metrics).toMatchObject({ requests_created_total: 1, requests_conflict_total: 1, bloom_rejects_total: 1 });
    for (const k of ['db_queries_total', 'bloom_rejects_total', 'cache_hits_total', 'cache_negative_hits_total', 'coalesced_waits_total', 'cache_errors_total']) {
      expect(typeof metrics[k]).toBe('number');
    }
    const prom = await (await fetch(`${s.url}/metrics/prometheus`)).text();
    expect(prom).toContain('# TYPE portwarden_product_bloom_rejects_total counter');
    expect(prom).toMatch(/^portwarden_product_db_queries_total \d+$/m);
  });

  it('an unknown id that passes the filter costs one DB query, then negative-cache hits', async () => {
    // n = 10, p = 0.5 → m = 15 bits, k = 1: most unknown ids pass the filter.
    const products = join(dir, 'tiny.txt');
    writeFileSync(products, Array.from({ length: 10 }, (_, i) => `T${i}`).join('\n'));
    const s = await start({ productsFile: products, expectedItems: 10, falsePositiveRate: 0.5 });
    expect(s.bloomStats()).toMatchObject({ bit_array_size: 15, hash_function_count: 1 });
    let falsePositive: string | null = null;
    for (let i = 0; i < 200 && !falsePositive; i++) {
      const r = await get(s, `/products/U${i}`);
      if (r.body.source === 'db') falsePositive = `U${i}`;
    }
    expect(falsePositive).not.toBeNull();
    const before = s.metrics();
    for (let i = 0; i < 5; i++) {
      const r = await get(s, `/products/${falsePositive}`);
      expect(r).toEqual({ status: 404, body: { productId: falsePositive, exists: false, source: 'cache', data: null } });
    }
    const after = s.metrics();
    expect(after.db_queries_total).toBe(before.db_queries_total);
    expect(after.cache_negative_hits_total - before.cache_negative_hits_total).toBe(5);
    expect(before.bloom_false_positives_total).toBeGreaterThanOrEqual(1);
  });

  it('a create overwrites the negative cache entry of that id', async () => {
    const products = join(dir, 'tiny2.txt');
    writeFileSync(products, Array.from({ length: 10 }, (_, i) => `T${i}`).join('\n'));
    const s = await start({ productsFile: products, expectedItems: 10, falsePositiveRate: 0.5 });
    let fp: string | null = null;
    for (let i = 0; i < 200 && !fp; i++) if ((await get(s, `/products/V${i}`)).body.source === 'db') fp = `V${i}`;
    expect(fp).not.toBeNull();
    expect((await get(s, `/products/${fp}`)).body.source).toBe('cache'); // negative entry
    expect((await post(s, '/products', JSON.stringify({ id: fp, name: 'now real', price: 1 }))).status).toBe(201);
    const r = await get(s, `/products/${fp}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ id: fp, name: 'now real', price: 1 });
  });

  it('answers a filter reject the same on the raw fast path and through the fastify route', async () => {
    const s = await start();
    const fast = await fetch(`${s.url}/products/NOPE`); // plain id: answered before the router
    const routed = await fetch(`${s.url}/products/NOP%45`); // percent-encoded: fastify decodes it to NOPE
    expect(fast.status).toBe(404);
    expect(routed.status).toBe(404);
    expect(fast.headers.get('content-type')).toBe(routed.headers.get('content-type'));
    expect(await fast.text()).toBe(await routed.text());
    expect(s.metrics()).toMatchObject({ bloom_rejects_total: 2, requests_total: 2, requests_not_found_total: 2, db_queries_total: 0 });
  });

  it('rejects every bad input with a reason', async () => {
    const s = await start();
    const before = s.metrics().db_queries_total;
    const long = 'x'.repeat(129);
    expect((await get(s, `/products/${long}`)).status).toBe(400);
    // Longer than the router's default parameter limit: still our 400 with the reason.
    expect(await get(s, `/products/${'z'.repeat(5000)}`)).toEqual({ status: 400, body: { error: expect.stringMatching(/longer than 128/) } });
    expect((await get(s, `/products/${'y'.repeat(128)}`)).status).toBe(404);
    expect(await get(s, '/products/bad%20id')).toEqual({ status: 400, body: { error: expect.stringMatching(/may only contain/) } });
    expect((await get(s, '/products/a%2Fb')).status).toBe(400);
    expect((await get(s, '/products/%C3%A9')).status).toBe(400);

    const bad = async (body: string, status: number, reason: RegExp, type?: string): Promise<void> => {
      const r = await post(s, '/products', body, type);
      expect(r.status, body.slice(0, 60)).toBe(status);
      expect(String(r.body.error)).toMatch(reason);
    };
    await bad('{"id": "P1",', 400, /JSON/i);
    await bad('', 400, /empty|JSON/i);
    await bad('[1,2]', 400, /JSON object/);
    await bad('{"id": 5, "name": "n", "price": 1}', 400, /id must be a string/);
    await bad('{"id": "a b", "name": "n", "price": 1}', 400, /may only contain/);
    await bad(`{"id": "${long}", "name": "n", "price": 1}`, 400, /longer than 128/);
    await bad('{"id": "P1", "name": 1, "price": 1}', 400, /name/);
    await bad('{"id": "P1", "name": "n", "price": "1"}', 400, /price/);
    await bad('{"id": "P1", "name": "n"}', 400, /price/);
    await bad('{"id": "P1", "name": "n", "price": 1, "x": 1}', 400, /unknown field/);
    await bad('id=P1', 415, /content-type|Unsupported/i, 'application/x-www-form-urlencoded');
    await bad('{"id": "P1", "name": "n", "price": 1}', 415, /content-type|Unsupported/i, 'text/plain');

    // exactly 64 KiB is parsed (and rejected for its content); one byte more is 413
    const filler = (size: number): string => {
      const head = '{"id":"P1","name":"n","price":1,"pad":"';
      return head + 'a'.repeat(size - head.length - 2) + '"}';
    };
    expect(Buffer.byteLength(filler(65536))).toBe(65536);
    await bad(filler(65536), 400, /unknown field "pad"/);
    await bad(filler(65537), 413, /larger than 65536/);

    expect(await get(s, '/nowhere')).toEqual({ status: 404, body: { error: 'no route GET /nowhere' } });
    expect((await fetch(`${s.url}/products/P1`, { method: 'DELETE' })).status).toBe(404);
    expect(s.metrics().db_queries_total).toBe(before);
    expect(s.metrics().requests_bad_request_total).toBeGreaterThanOrEqual(15);
    // every product request is counted once, with exactly one outcome (bad JSON and 413 too)
    const m = s.metrics();
    const outcomes = ['found', 'not_found', 'created', 'conflict', 'bad_request', 'unavailable'].reduce((sum, k) => sum + m[`requests_${k}_total`], 0);
    expect(m.requests_total).toBe(outcomes);
  });

  it('rebuilds on demand with an atomic swap; ids inserted during the rebuild are kept', async () => {
    const products = join(dir, 'many.txt');
    writeFileSync(products, Array.from({ length: 30_000 }, (_, i) => `M${i}`).join('\n'));
    const s = await start({ productsFile: products });
    const rebuild = fetch(`${s.url}/admin/rebuild`, { method: 'POST' });
    // inserts racing the rebuild
    const inserts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(s, '/products', JSON.stringify({ id: `during-${i}`, name: 'd', price: 1 }))),
    );
    expect(inserts.every((r) => r.status === 201)).toBe(true);
    const res = await rebuild;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('rebuilt');
    expect(s.metrics().bloom_rebuilds_total).toBe(1);
    for (let i = 0; i < 50; i++) expect((await get(s, `/products/during-${i}`)).status).toBe(200);
    for (const i of [0, 12_345, 29_999]) expect((await get(s, `/products/M${i}`)).status).toBe(200);
  });

  it('rebuilds automatically when the filter passes its capacity', async () => {
    const s = await start({ expectedItems: 20, falsePositiveRate: 0.01 });
    for (let i = 0; i < 25; i++) expect((await post(s, '/products', JSON.stringify({ id: `C${i}`, name: 'c', price: 1 }))).status).toBe(201);
    for (let i = 0; i < 100 && s.metrics().bloom_rebuilds_total === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(s.metrics().bloom_rebuilds_total).toBeGreaterThanOrEqual(1);
    expect(s.bloomStats().expected_items).toBeGreaterThan(20);
    for (let i = 0; i < 25; i++) expect((await get(s, `/products/C${i}`)).status).toBe(200);
  });

  it('restarts warm from a snapshot, and rebuilds from the DB when the snapshot is corrupt, foreign or stale', async () => {
    const dbFile = join(dir, 'snap.sqlite');
    let s = await start({ dbFile });
    expect(s.bloomSource).toBe('empty');
    for (let i = 0; i < 20; i++) await post(s, '/products', JSON.stringify({ id: `S${i}`, name: 's', price: i }));
    await s.close();
    running.pop();

    s = await start({ dbFile });
    expect(s.bloomSource).toBe('snapshot');
    expect((await get(s, '/products/S7')).status).toBe(200);
    await s.close();
    running.pop();

    const snap = readFileSync(`${dbFile}.bloom`);
    snap[500] ^= 0xff;
    writeFileSync(`${dbFile}.bloom`, snap);
    const logs: string[] = [];
    s = await start({ dbFile, log: (l) => logs.push(l) });
    expect(s.bloomSource).toBe('database');
    expect(logs.join('\n')).toMatch(/checksum/);
    for (let i = 0; i < 20; i++) expect((await get(s, `/products/S${i}`)).status).toBe(200);
    await s.close();
    running.pop();

    // a snapshot from another database
    const other = await start({ dbFile: join(dir, 'other.sqlite') });
    await other.close();
    running.pop();
    writeFileSync(`${dbFile}.bloom`, readFileSync(join(dir, 'other.sqlite.bloom')));
    logs.length = 0;
    s = await start({ dbFile, log: (l) => logs.push(l) });
    expect(s.bloomSource).toBe('database');
    expect(logs.join('\n')).toMatch(/another database/);
    expect((await get(s, '/products/S3')).status).toBe(200);
    await s.close();
    running.pop();

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
    running.pop();
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
    running.pop();
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

  it('POST /admin/rebuild: 403 from a non-loopback client, 200 from loopback', async () => {
    // The decision itself, for every address form a socket reports.
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address), address).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopback(address), String(address)).toBe(false);
    // Bound to every address; the non-loopback client is this machine's own interface
    // address (the traffic stays on this host).
    const s = await start({ host: '0.0.0.0' });
    const port = Number(new URL(s.url).port);
    const before = s.metrics().bloom_rebuilds_total;
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    if (external) {
      const remote = await fetch(`http://${external.address}:${port}/admin/rebuild`, { method: 'POST' });
      expect(remote.status).toBe(403);
      expect(await remote.json()).toEqual({ error: 'rebuild is accepted from loopback clients only' });
      expect(s.metrics().bloom_rebuilds_total).toBe(before);
    } else {
      // Only the request over a real non-loopback address is left out; the rest still runs.
      console.log('no non-internal IPv4 address here: the 403 over a real non-loopback connection is not exercised');
    }
    const local = await fetch(`http://127.0.0.1:${port}/admin/rebuild`, { method: 'POST' });
    expect(local.status).toBe(200);
    expect(s.metrics().bloom_rebuilds_total).toBe(before + 1);
  });

  it('loads data/products.txt from the working directory by default', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pw-default-products-'));
    const previous = process.cwd();
    try {
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data', 'products.txt'), 'D1,Default,1.5\nD2\n');
      process.chdir(cwd);
      const s = await startProductService({ port: 0, redisUrl: null, dbFile: ':memory:' });
      running.push(s);
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
