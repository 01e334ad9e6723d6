/**
 * `portwarden product-service` as a real child process: the ready line, a request, a write,
 * SIGTERM → exit 0, and the acknowledged write is in the database after a restart; Redis
 * URLs (fakeredis://, bad ones → exit 2); SIGTERM while Redis is stalled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SHUTDOWN_GRACE_MS } from '../../../electron/cli/product-service-command.ts';
import { startRedisServer } from '../../support/redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-product-cli-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, ['electron/cli.ts', 'product-service', ...args], {
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line after 20 s; stderr: ${err}`)), 20_000);
    const onData = (): void => {
      const m = /^Product service ready: (http:\/\/\S+)\n/m.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exit });
      }
    };
    child.stdout!.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready; stderr: ${err}`));
    });
  });
}

describe('portwarden product-service', () => {
  it('prints one ready line, serves, shuts down on SIGTERM with exit 0, and keeps acknowledged writes', async () => {
    const db = join(dir, 'cli.sqlite');
    const products = join(dir, 'products.txt');
    writeFileSync(products, 'C1,Chair,49.5\nC2\nbroken line!\n');
    const a = await startCli(['--port', '0', '--host', '127.0.0.1', '--db', db, '--products', products]);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url.endsWith(':0')).toBe(false);
    expect(a.stderr()).toMatch(/products\.txt:3: .*broken line!/);

    let res = await fetch(`${a.url}/products/C1`);
    expect(await res.json()).toEqual({ productId: 'C1', exists: true, source: 'db', data: { id: 'C1', name: 'Chair', price: 49.5 } });
    res = await fetch(`${a.url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'ACKED-1', name: 'kept', price: 3 }),
    });
    expect(res.status).toBe(201);

    a.child.kill('SIGTERM');
    expect(await a.exit).toBe(0);
    expect(a.stdout().trim().split('\n')).toEqual([`Product service ready: ${a.url}`]);

    // the write is in the database file itself
    const raw = new DatabaseSync(db, { readOnly: true });
    expect(raw.prepare('SELECT id, name, price FROM products WHERE id = ?').get('ACKED-1')).toEqual({
      id: 'ACKED-1',
      name: 'kept',
      price: 3,
    });
    raw.close();

    // and after a restart (warm, from the snapshot written at shutdown)
    const b = await startCli(['--port', '0', '--db', db, '--products', products]);
    expect(b.stderr()).toMatch(/filter from snapshot/);
    res = await fetch(`${b.url}/products/ACKED-1`);
    expect(res.status).toBe(200);
    expect((await fetch(`${b.url}/products/never-added`)).status).toBe(404);
    b.child.kill('SIGINT');
    expect(await b.exit).toBe(0);
  });

  it('finishes an in-flight request before exiting on SIGTERM', async () => {
    const a = await startCli(['--port', '0', '--db', join(dir, 'inflight.sqlite'), '--products', join(dir, 'none.txt')]).catch(
      (e: Error) => e,
    );
    // a missing products file is an error that names the file
    expect(a).toBeInstanceOf(Error);
    expect((a as Error).message).toMatch(/none\.txt/);

    const b = await startCli(['--port', '0', '--db', join(dir, 'inflight.sqlite')]);
    // A POST whose body is still arriving when SIGTERM comes: it must complete (201) and
    // its row must be in the database after the exit.
    const body = JSON.stringify({ id: 'IN-FLIGHT', name: 'slow body', price: 7 });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${b.url}/products`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        b.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 300);
    });
    const r = await response;
    expect(r.status).toBe(201);
    expect(await b.exit).toBe(0);
    expect(b.stderr()).toMatch(/SIGTERM: shutting down/);
    const raw = new DatabaseSync(join(dir, 'inflight.sqlite'), { readOnly: true });
    expect(raw.prepare('SELECT id, price FROM products WHERE id = ?').get('IN-FLIGHT')).toEqual({ id: 'IN-FLIGHT', price: 7 });
    raw.close();
  });

  it('rejects a bad port', async () => {
    await expect(startCli(['--port', 'eighty'])).rejects.toThrow(/exited with 2 .*port number/);
  });

  it('a taken --port names its holder', async () => {
    const first = await startCli(['--port', '0']);
    const port = Number(new URL(first.url).port);
    await expect(startCli(['--port', String(port)])).rejects.toThrow(
      new RegExp(
        `exited with 1 .*127\\.0\\.0\\.1:${port} is already in use \\(node \\(pid ${first.child.pid}\\) holds ${port}\\); free it with \`portwarden free ${port}\``,
      ),
    );
  });

  it('rejects a bad Redis URL with exit 2 before anything is opened, from --redis and from $REDIS_URL alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-cli-redis-'));
    try {
      const db = join(dir, 'never.sqlite');
      await expect(startCli(['--port', '0', '--db', db, '--redis', 'http://127.0.0.1:6379'])).rejects.toThrow(
        /exited with 2 .*scheme must be redis:\/\/, rediss:\/\/ or fakeredis:\/\//,
      );
      await expect(startCli(['--port', '0', '--db', db], { REDIS_URL: 'not a url' })).rejects.toThrow(
        /exited with 2 .*REDIS_URL: invalid Redis URL "not a url"/,
      );
      await expect(startCli(['--port', '0', '--db', db], { REDIS_URL: 'mysql://127.0.0.1' })).rejects.toThrow(
        /exited with 2 .*REDIS_URL: .*not mysql:\/\//,
      );
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses, with exit 2 and nothing opened, a database URL that is not postgres:// and --shared-filter without a Redis server', async () => {
    await expect(startCli(['--port', '0', '--db', 'mysql://127.0.0.1/x'])).rejects.toThrow(
      /exited with 2 .*--db "mysql:\/\/127\.0\.0\.1\/x" is not a PostgreSQL URL/,
    );
    await expect(startCli(['--port', '0'], { DATABASE_URL: 'sqlite:///tmp/x' })).rejects.toThrow(
      /exited with 2 .*DATABASE_URL "sqlite:\/\/\/tmp\/x" is not a PostgreSQL URL/,
    );
    await expect(startCli(['--port', '0', '--shared-filter'])).rejects.toThrow(/exited with 2 .*the shared filter lives in Redis/);
    await expect(startCli(['--port', '0', '--shared-filter'], { REDIS_URL: 'fakeredis://' })).rejects.toThrow(
      /exited with 2 .*the shared filter lives in Redis/,
    );
    await expect(startCli(['--port', '0', '--capacity', '0'])).rejects.toThrow(/exited with 2 .*1 to 100000000/);
  });

  it("takes REDIS_URL=fakeredis:// (the seed's default) as the in-process cache", async () => {
    for (const [args, env] of [
      [[], { REDIS_URL: 'fakeredis://' }],
      [['--redis', 'fakeredis://'], {}],
    ] as const) {
      const a = await startCli(['--port', '0', ...args], env);
      const health = (await (await fetch(`${a.url}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', cache: 'lru', cache_healthy: true });
      const created = await fetch(`${a.url}/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"id":"F1","name":"f","price":1}',
      });
      expect(created.status).toBe(201);
      // the create wrote the entry into the in-process cache
      expect(((await (await fetch(`${a.url}/products/F1`)).json()) as { source: string }).source).toBe('cache');
      expect(a.stderr()).toMatch(/fakeredis:\/\/: using the in-process cache/);
      a.child.kill('SIGTERM');
      expect(await a.exit).toBe(0);
    }
  });
});

describe('portwarden product-service with a stalled Redis', () => {
  it('exits 0 on SIGTERM within the grace time while Redis is stopped (SIGSTOP) with commands in flight, and keeps every acknowledged write', async () => {
    const redis = await startRedisServer();
    try {
      const db = join(dir, 'stalled.sqlite');
      const a = await startCli(['--port', '0', '--db', db, '--redis', redis.url]);
      const create = async (id: string): Promise<number> => {
        const res = await fetch(`${a.url}/products`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, name: id, price: 1 }),
        });
        await res.arrayBuffer();
        return res.status;
      };
      for (let i = 0; i < 20; i++) expect(await create(`B${i}`)).toBe(201);
      expect(((await (await fetch(`${a.url}/health`)).json()) as { cache_healthy: boolean }).cache_healthy).toBe(true);

      redis.pause();
      // Lookups and creates whose Redis commands are stuck when the signal comes.
      const acked: string[] = [];
      const inFlight = [
        ...Array.from({ length: 10 }, (_, i) =>
          fetch(`${a.url}/products/B${i}`).then(
            (r) => r.status,
            () => 0,
          ),
        ),
        ...Array.from({ length: 5 }, (_, i) =>
          create(`D${i}`).then(
            (status) => (status === 201 && acked.push(`D${i}`), status),
            () => 0,
          ),
        ),
      ];
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      a.child.kill('SIGTERM');
      const code = await a.exit;
      const ms = Date.now() - t0;
      expect(code).toBe(0); // the bounded close, not the backstop (which exits 1)
      expect(ms).toBeLessThan(SHUTDOWN_GRACE_MS);
      console.log(`SIGTERM → exit with Redis stopped: ${ms} ms`);
      await Promise.all(inFlight);
      redis.resume();

      // Data intact: every acknowledged row is in the file, and a restart serves them.
      const raw = new DatabaseSync(db, { readOnly: true });
      const ids = new Set((raw.prepare('SELECT id FROM products').all() as { id: string }[]).map((r) => r.id));
      raw.close();
      for (let i = 0; i < 20; i++) expect(ids.has(`B${i}`)).toBe(true);
      for (const id of acked) expect(ids.has(id), id).toBe(true);
      const b = await startCli(['--port', '0', '--db', db, '--redis', redis.url]);
      for (const id of ['B0', 'B19', ...acked]) expect((await fetch(`${b.url}/products/${id}`)).status, id).toBe(200);
      b.child.kill('SIGTERM');
      expect(await b.exit).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
