/**
 * Several replicas of `portwarden product-service --shared-filter` (real child processes) on
 * one real redis-server and one real PostgreSQL, both started here on free loopback ports.
 * The rule under test is the seed's: no false negative. A create acknowledged (201) by one
 * replica is found by a lookup that starts right after it on ANOTHER replica — with Redis
 * stalled (SIGSTOP) in the middle, with a replica killed (SIGKILL) and restarted, for a
 * replica started late, and while the creates push the filter past its capacity (one
 * coordinated resize).
 *
 * Counts are the issue's: 20,000 creates per run, each followed at once by a lookup on
 * the next replica.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer } from '../../support/postgres-server.ts';
import { startRedisServer, type RedisServer } from '../../support/redis-server.ts';

let pg: PostgresServer;
let redis: RedisServer;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
});
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  if (redis && !redis.running) await redis.start();
});
afterAll(async () => {
  await redis?.stop();
  await pg?.stop();
});

interface Replica {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts one replica process and resolves on its ready line. */
function startReplica(db: string, extra: string[] = []): Promise<Replica> {
  const child = spawn(
    process.execPath,
    ['electron/cli.ts', 'product-service', '--port', '0', '--db', db, '--redis', redis.url, '--shared-filter', ...extra],
    {
      env: { ...process.env, REDIS_URL: '', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica not ready after 60 s: ${err}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /Product service ready: (http:\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => err, exit });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code} before ready: ${err}`));
    });
  });
}

async function freshDatabase(name: string): Promise<string> {
  await flushRedis();
  return pg.createDatabase(name);
}

/** Empties Redis between scenarios (each scenario has its own database too). */
async function flushRedis(): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url: redis.url });
  await client.connect();
  await client.flushAll();
  await client.destroy();
}

// node:http with kept-alive connections: fetch costs several times more CPU per request,
// and this file sends ~130,000 requests on a 2-core machine.
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function json(url: string, body?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> =
      body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', agent, headers, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const create = (r: Replica, id: string): Promise<{ status: number; body: Record<string, unknown> }> =>
  json(`${r.url}/products`, JSON.stringify({ id, name: `n-${id}`, price: 1 }));

interface RunResult {
  /** Ids in the order their creates were acknowledged. */
  acked: string[];
  acknowledged: number;
  falseNegatives: string[];
  refused: number;
  unreachable: number;
}

/**
 * `total` creates spread round-robin over `replicas()` by `workers` concurrent clients; each
 * acknowledged create is followed at once by a lookup of that id on the next replica. A
 * create refused (503) or sent to a replica that is down is retried (on the next replica);
 * a retry answered 409 means an earlier attempt stored it, which counts as acknowledged
 * then. `onProgress(done)` runs after every create (fault injection).
 */
async function run(
  replicas: () => Replica[],
  total: number,
  prefix: string,
  onProgress: (done: number, acked: readonly string[]) => void = () => {},
): Promise<RunResult> {
  const t0 = performance.now();
  const result: RunResult = { acked: [], acknowledged: 0, falseNegatives: [], refused: 0, unreachable: 0 };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) {
      const id = `${prefix}${i}`;
      let turn = i;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 200) throw new Error(`create ${id} never acknowledged`);
        const rs = replicas();
        const target = rs[turn % rs.length];
        const c = await create(target, id).catch(() => null);
        if (c === null) result.unreachable++;
        else if (c.status === 503) result.refused++;
        else if (c.status === 201 || (c.status === 409 && attempt > 0)) {
          const reader = rs[(turn + 1) % rs.length];
          const l = await json(`${reader.url}/products/${id}`).catch(() => null);
          if (l && (l.status !== 200 || l.body.exists !== true))
            result.falseNegatives.push(`${id}: ${l.status} from ${String(l.body.source)}`);
          if (l === null) {
            // the reader is down (killed): look it up on any other replica instead
            const other = rs[(turn + 2) % rs.length];
            const l2 = await json(`${other.url}/products/${id}`);
            if (l2.status !== 200) result.falseNegatives.push(`${id}: ${l2.status} from ${String(l2.body.source)}`);
          }
          result.acknowledged++;
          result.acked.push(id);
          break;
        } else throw new Error(`create ${id} → ${c.status} ${JSON.stringify(c.body)}`);
        turn++;
        await new Promise((r) => setTimeout(r, 50));
      }
      onProgress(++done, result.acked);
    }
  };
  await Promise.all(Array.from({ length: 16 }, () => worker()));
  const { acked: _ids, ...summary } = result;
  console.log(`${prefix}: ${total} creates + lookups in ${Math.round(performance.now() - t0)} ms, ${JSON.stringify(summary)}`);
  return result;
}

async function metricsOf(r: Replica): Promise<Record<string, number>> {
  return (await json(`${r.url}/metrics`)).body as Record<string, number>;
}

describe('replicas on one Redis and one PostgreSQL (--shared-filter)', () => {
  it(
    '20,000 creates round-robin over 3 replicas, each looked up at once on another: 0 false negatives; a replica started after 10,000 creates answers all of them',
    { timeout: 180_000 },
    async () => {
      const db = await freshDatabase('plain');
      const replicas = await Promise.all([startReplica(db), startReplica(db), startReplica(db)]);
      let late: Promise<Replica> | null = null;
      let ackedBeforeLate: string[] = [];
      const r = await run(
        () => replicas,
        20_000,
        'A',
        (done, acked) => {
          if (done === 10_000) {
            ackedBeforeLate = [...acked];
            late = startReplica(db);
          }
        },
      );
      expect(r.falseNegatives).toEqual([]);
      expect(r.acknowledged).toBe(20_000);
      // The late replica (started after 10,000 acknowledged creates, while creates went on)
      // answers every one of them.
      const lateOne = await late!;
      expect(ackedBeforeLate.length).toBe(10_000);
      const missing: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < ackedBeforeLate.length; i = next++) {
            const l = await json(`${lateOne.url}/products/${ackedBeforeLate[i]}`);
            if (l.status !== 200) missing.push(ackedBeforeLate[i]);
          }
        }),
      );
      expect(missing).toEqual([]);
      // One filter: every replica reports the same generation, holding all 20,000.
      const stats = await Promise.all([...replicas, lateOne].map((x) => json(`${x.url}/bloom/stats`)));
      const generations = new Set(stats.map((s) => (s.body.shared as { generation: string }).generation));
      expect(generations.size).toBe(1);
      expect(stats[0].body.current_items).toBeGreaterThanOrEqual(20_000);
      // Unknown ids are still rejected by the shared filter, on every replica.
      for (const x of replicas) expect((await json(`${x.url}/products/NEVER-CREATED-1`)).body.source).toBe('bloom');
    },
  );

  it(
    'the same with Redis stalled (SIGSTOP) in the middle: lookups fall through to PostgreSQL, creates are refused, then resume',
    { timeout: 180_000 },
    async () => {
      const db = await freshDatabase('stall');
      const replicas = await Promise.all([startReplica(db), startReplica(db), startReplica(db)]);
      let stalled: Promise<void> | null = null;
      const r = await run(
        () => replicas,
        20_000,
        'S',
        (done) => {
          if (done === 10_000) {
            redis.pause();
            stalled = new Promise((resolve) => setTimeout(() => (redis.resume(), resolve()), 1500));
          }
        },
      );
      await stalled;
      expect(r.falseNegatives).toEqual([]);
      expect(r.acknowledged).toBe(20_000);
      const m = await Promise.all(replicas.map(metricsOf));
      // the stall really hit the lookups (fell through) and the creates (refused, retried)
      expect(m.reduce((s, x) => s + x.shared_filter_unavailable_total + x.cache_errors_total, 0)).toBeGreaterThan(0);
      expect(r.refused).toBeGreaterThan(0);
    },
  );

  it('the same with one replica killed (SIGKILL) and restarted in the middle', { timeout: 180_000 }, async () => {
    const db = await freshDatabase('killed');
    const replicas = await Promise.all([startReplica(db), startReplica(db), startReplica(db)]);
    let current = replicas;
    let restarted: Promise<void> | null = null;
    const r = await run(
      () => current,
      20_000,
      'K',
      (done) => {
        if (done === 8_000) {
          current[1].child.kill('SIGKILL');
          restarted = current[1].exit.then(async () => {
            const back = await startReplica(db);
            current = [current[0], back, current[2]];
          });
        }
      },
    );
    await restarted;
    expect(r.falseNegatives).toEqual([]);
    expect(r.acknowledged).toBe(20_000);
    expect(r.unreachable).toBeGreaterThan(0); // creates really went to the dead replica
    // the restarted replica answers for everything, including what was created while it was down
    const back = current[1];
    expect(back).not.toBe(replicas[1]);
    for (const i of [0, 7_999, 8_000, 12_345, 19_999]) expect((await json(`${back.url}/products/K${i}`)).status).toBe(200);
  });

  it(
    'crossing the capacity through creates on 3 replicas: one coordinated resize, 0 false negatives during it',
    { timeout: 120_000 },
    async () => {
      const db = await freshDatabase('resize');
      const replicas = await Promise.all([0, 1, 2].map(() => startReplica(db, ['--capacity', '2000'])));
      const statsOf = async (x: Replica): Promise<Record<string, unknown> & { shared: Record<string, unknown> }> =>
        (await json(`${x.url}/bloom/stats`)).body as Record<string, unknown> & { shared: Record<string, unknown> };
      const before = await statsOf(replicas[0]);
      expect(before).toMatchObject({ expected_items: 2000 });
      const rebuildsBefore = (await Promise.all(replicas.map(metricsOf))).reduce((s, m) => s + m.bloom_rebuilds_total, 0);
      // 3,500 creates: crossing 2,000 sizes the filter for 2 × 2,001 = 4,002 (rebuildCapacity),
      // so exactly one resize is due.
      const r = await run(() => replicas, 3_500, 'C');
      expect(r.falseNegatives).toEqual([]);
      // the resize runs in the background; wait for it to be done (bounded)
      let after = await statsOf(replicas[1]);
      for (let i = 0; i < 100 && (after.shared.building !== null || after.expected_items === 2000); i++) {
        await new Promise((res) => setTimeout(res, 100));
        after = await statsOf(replicas[1]);
      }
      expect(after.expected_items).toBeGreaterThanOrEqual(4000);
      expect(after.shared.rebuilds_total).toBe(Number(before.shared.rebuilds_total) + 1);
      expect(after.shared.generation).not.toBe(before.shared.generation);
      const rebuildsAfter = (await Promise.all(replicas.map(metricsOf))).reduce((s, m) => s + m.bloom_rebuilds_total, 0);
      expect(rebuildsAfter - rebuildsBefore).toBe(1); // one replica rebuilt, for all
      for (let i = 0; i < 3_500; i += 7) expect((await json(`${replicas[i % 3].url}/products/C${i}`)).status).toBe(200);
    },
  );
});
