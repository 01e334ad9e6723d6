/**
 * `npm run bench:service`: the product service under autocannon, one process and three
 * replicas, next to a bare node:http hello-world measured in the same run. Every server runs
 * in its own child process so the load generator never shares their event loop.
 *
 * One process (SQLite file, its own filter, LRU cache), targets in parentheses:
 * - cold start with 1M products from a file: spawn → ready line (≤ 3 s), for the built CLI
 *   (`dist/electron/cli.js`) and, for reference, from source (`node electron/cli.ts`);
 * - filter-rejected GETs/s (≥ 0.70× the bare server) and cache-hit GETs/s;
 * - database queries caused by 100k unique unknown ids (≤ 1,200).
 * Three replicas (`--shared-filter`, one PostgreSQL and one Redis started here, the same 1M
 * products loaded through the first replica with COPY):
 * - filter-rejected and cache-hit GETs/s of each replica;
 * - database queries caused by 100k unique unknown ids spread over the replicas (≤ 1,200);
 * - the cost of the shared check (a Redis round trip) next to the in-process check.
 * Every throughput comparison is taken pair by pair in interleaved rounds
 * (test/bench/support/interleaved.ts): min / median / max of A/B, the median to quote.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BloomFilter } from '../../electron/product-service/bloom-filter.ts';
import { PgDatabase } from '../../electron/product-service/pg-store.ts';
import { SharedFilter } from '../../electron/product-service/shared-filter.ts';
import { startPostgresServer } from '../support/postgres-server.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { compareInterleaved, spread, type BenchCase, type PairReport } from './support/interleaved.ts';

const PRODUCTS = 1_000_000;
const UNKNOWN = 100_000;
const ROUNDS = 3;
const SECONDS = 2;
const CONNECTIONS = 32;

const dir = mkdtempSync(join(tmpdir(), 'pw-bench-service-'));
const children: ChildProcess[] = [];
const cleanup = (): void => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);

/** Spawns a server and resolves with its URL once `pattern` appears on stdout. */
function spawnServer(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REDIS_URL: '', DATABASE_URL: '' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = pattern.exec(out);
      if (m) resolve({ child, url: m[1], ms: performance.now() - t0 });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before ready: ${err}`)));
  });
}

async function rps(url: string): Promise<number> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (r.errors > 0 || r.timeouts > 0 || r.non2xx + r['2xx'] === 0) throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts`);
  return Math.round(r.requests.average);
}

async function metrics(url: string): Promise<Record<string, number>> {
  return (await (await fetch(`${url}/metrics`)).json()) as Record<string, number>;
}

async function expectSource(url: string, source: string): Promise<void> {
  const got = ((await (await fetch(url)).json()) as { source: string }).source;
  if (got !== source) throw new Error(`${url}: expected source ${source}, got ${got}`);
}

/** 100k unique unknown ids spread over `urls`; returns the database queries they caused. */
async function unknownIds(urls: string[], prefix: string): Promise<{ sent: number; dbQueries: number; bloomRejects: number }> {
  const before = await Promise.all(urls.map(metrics));
  const runs = await Promise.all(
    urls.map((url, r) => {
      let next = 0;
      return autocannon({
        url,
        connections: Math.ceil(CONNECTIONS / urls.length),
        amount: Math.ceil(UNKNOWN / urls.length),
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => {
              req.path = `/products/${prefix}-${r}-${next++}`;
              return req;
            },
          },
        ],
      });
    }),
  );
  const after = await Promise.all(urls.map(metrics));
  const sum = (k: string): number => after.reduce((s, m, i) => s + m[k] - before[i][k], 0);
  return {
    sent: runs.reduce((s, r) => s + r.requests.total, 0),
    dbQueries: sum('db_queries_total'),
    bloomRejects: sum('bloom_rejects_total'),
  };
}

const ratio = (
  r: PairReport,
): { a: string; b: string; ratio: PairReport['ratio']; aValue: PairReport['aValue']; bValue: PairReport['bValue'] } => ({
  a: r.a,
  b: r.b,
  ratio: r.ratio,
  aValue: r.aValue,
  bValue: r.bValue,
});

// ---- 1M products, CSV --------------------------------------------------------------------
const productsFile = join(dir, 'products.txt');
{
  const lines: string[] = [];
  for (let i = 1; i <= PRODUCTS; i++) lines.push(`P${String(i).padStart(7, '0')},Product ${i},${(i % 10_000) / 100}`);
  writeFileSync(productsFile, `${lines.join('\n')}\n`);
}

const bare = await spawnServer(
  [
    '-e',
    `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end('hello world'); })
       .listen(0, '127.0.0.1', function () { console.log('listening http://127.0.0.1:' + this.address().port); });`,
  ],
  /listening (http:\S+)/,
);

const build = spawnSync('npm', ['run', '-s', 'build:core'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build:core failed');

const READY = /Product service ready: (http:\S+)/;
const fromSource = await spawnServer(
  ['electron/cli.ts', 'product-service', '--port', '0', '--products', productsFile, '--db', join(dir, 'source.sqlite')],
  READY,
);
const coldStartFromSourceSeconds = Number((fromSource.ms / 1000).toFixed(3));
fromSource.child.kill('SIGTERM');
await new Promise((r) => fromSource.child.once('exit', r));

const single = await spawnServer(
  ['dist/electron/cli.js', 'product-service', '--port', '0', '--products', productsFile, '--db', join(dir, 'products.sqlite')],
  READY,
);
const coldStartSeconds = Number((single.ms / 1000).toFixed(3));

// ---- three replicas on one PostgreSQL and one Redis --------------------------------------
const [pg, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
process.on('exit', () => void redis.stop());
const dbUrl = await pg.createDatabase('bench');
const replicaArgs = ['dist/electron/cli.js', 'product-service', '--port', '0', '--db', dbUrl, '--redis', redis.url, '--shared-filter'];
const loadStarted = performance.now();
const first = await spawnServer([...replicaArgs, '--products', productsFile], READY);
const replicaLoad1MSeconds = Number(((performance.now() - loadStarted) / 1000).toFixed(3));
const replicas = [first, ...(await Promise.all([spawnServer(replicaArgs, READY), spawnServer(replicaArgs, READY)]))];

const rejectedPath = '/products/ABSENT-0001';
const hitPath = '/products/P0000042';
for (const s of [single, ...replicas]) {
  await expectSource(s.url + rejectedPath, 'bloom');
  await fetch(s.url + hitPath); // fills the cache
  await expectSource(s.url + hitPath, 'cache');
}

const baseline: BenchCase = { name: 'bare node:http', run: () => rps(bare.url) };
const cases: BenchCase[] = [
  { name: 'single: filter-rejected', run: () => rps(single.url + rejectedPath) },
  { name: 'single: cache-hit', run: () => rps(single.url + hitPath) },
  ...replicas.flatMap((r, i) => [
    { name: `replica ${i + 1}: filter-rejected`, run: () => rps(r.url + rejectedPath) },
    { name: `replica ${i + 1}: cache-hit`, run: () => rps(r.url + hitPath) },
  ]),
];
const vsBare = await compareInterleaved(baseline, cases, { rounds: ROUNDS, warmup: 1 });
const byName = new Map(vsBare.map((r) => [r.a, r]));

const singleUnknown = await unknownIds([single.url], 'UNKNOWN');
const replicaUnknown = await unknownIds(
  replicas.map((r) => r.url),
  'UNKNOWN',
);

// ---- the shared check (Redis round trip) next to the in-process one ----------------------
const checkDb = await PgDatabase.open({ url: dbUrl });
const shared = new SharedFilter({ url: redis.url, store: checkDb, expectedItems: PRODUCTS, falsePositiveRate: 0.01 });
await shared.start();
const local = BloomFilter.create(PRODUCTS, 0.01);
for (let i = 1; i <= PRODUCTS; i++) local.add(`P${String(i).padStart(7, '0')}`);
const CHECKS = 20_000;
// The same absent ids for both sides, built beforehand: the figures are the checks, not
// string building.
const absent = Array.from({ length: 200_000 }, (_, i) => `ABSENT-${i}`);
let probe = 0;
let passed = 0; // read below, so the loop cannot be optimized away
const inProcess: BenchCase = {
  name: 'in-process check',
  run: () => {
    const t0 = performance.now();
    for (let i = 0; i < 2_000_000; i++) if (local.has(absent[i % absent.length])) passed++;
    return 2_000_000 / ((performance.now() - t0) / 1000);
  },
};
const sharedCheck = (concurrency: number): BenchCase => ({
  name: `shared check (Redis), ${concurrency} in flight`,
  run: async () => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < CHECKS) await shared.mightContain(absent[probe++ % absent.length]);
      }),
    );
    return CHECKS / ((performance.now() - t0) / 1000);
  },
});
const checks = await compareInterleaved(inProcess, [sharedCheck(1), sharedCheck(32)], { rounds: ROUNDS, warmup: 1 });
await shared.close();
await checkDb.close();

for (const c of [bare, single, ...replicas]) c.child.kill('SIGTERM');
await Promise.all([...replicas, single].map((c) => new Promise((r) => c.child.once('exit', r))));
await redis.stop();
await pg.stop();

const med = (name: string): number => byName.get(name)!.aValue.median;
const perReplica = replicas.map((_, i) => ({
  replica: i + 1,
  filterRejectedRps: med(`replica ${i + 1}: filter-rejected`),
  cacheHitRps: med(`replica ${i + 1}: cache-hit`),
}));
process.stdout.write(
  `${JSON.stringify(
    {
      singleProcess: {
        bareHelloWorldRps: byName.get('single: filter-rejected')!.bValue.median,
        filterRejectedRps: med('single: filter-rejected'),
        cacheHitRps: med('single: cache-hit'),
        unknownIdsSent: singleUnknown.sent,
        dbQueriesPer100kUnknown: singleUnknown.dbQueries,
        bloomRejectsOfUnknown: singleUnknown.bloomRejects,
        coldStart1MProductsSeconds: coldStartSeconds,
        coldStart1MProductsFromSourceSeconds: coldStartFromSourceSeconds,
      },
      replicas: {
        count: replicas.length,
        perReplica,
        unknownIdsSent: replicaUnknown.sent,
        dbQueriesPer100kUnknown: replicaUnknown.dbQueries,
        bloomRejectsOfUnknown: replicaUnknown.bloomRejects,
        load1MProductsIntoPostgresSeconds: replicaLoad1MSeconds,
      },
      comparisons: {
        vsBare: vsBare.map(ratio),
        sharedVsInProcessCheck: checks.map(ratio),
        checksPerSecond: {
          inProcess: checks[0].bValue,
          sharedOneInFlight: checks[0].aValue,
          sharedThirtyTwoInFlight: checks[1].aValue,
          sharedOneInFlightMicrosecondsEach: spread(
            [1e6 / checks[0].aValue.max, 1e6 / checks[0].aValue.median, 1e6 / checks[0].aValue.min],
            1,
          ),
        },
      },
      inProcessFalsePositivesSeen: passed,
      products: PRODUCTS,
      connections: CONNECTIONS,
      secondsPerRun: SECONDS,
      rounds: ROUNDS,
      targets: {
        filterRejectedVsBareMet: byName.get('single: filter-rejected')!.ratio.median >= 0.7,
        dbQueriesMet: singleUnknown.dbQueries <= 1200,
        replicaDbQueriesMet: replicaUnknown.dbQueries <= 1200,
        coldStartMet: coldStartSeconds <= 3,
      },
    },
    null,
    2,
  )}\n`,
);
process.exit(0);
