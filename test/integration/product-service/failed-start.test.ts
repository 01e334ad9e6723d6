/**
 * A product service that cannot start changes nothing (trial P1, electron/product-service/
 * start-guard.ts): a missing products file or a taken port leaves no database file and no
 * filter snapshot behind, and an existing database is not touched. The real CLI, real files,
 * a real listener on the port.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'pw-product-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

function productService(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['electron/cli.ts', 'product-service', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDIS_URL: '', DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    // Bounded: a start that succeeds by mistake is stopped after 20 s (and the test fails on its code).
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

async function holdPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('product-service: a failed start changes nothing', () => {
  it('a missing products file: exit 1 naming the file, no database and no snapshot created', async () => {
    const db = join(dir, 'missing-file.sqlite');
    const r = await productService(['--port', '0', '--products', join(dir, 'nope', 'x.txt'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`product-service: products file ${join(dir, 'nope', 'x.txt')}: no such file`);
    expect(readdirSync(dir).filter((f) => f.startsWith('missing-file'))).toEqual([]);
  });

  it('a taken port: exit 1 naming it, no database and no snapshot created although the products file is fine', async () => {
    const port = await holdPort();
    const products = join(dir, 'products.txt');
    writeFileSync(products, 'P-1,one,1.5\nP-2,two,2.5\n');
    const db = join(dir, 'taken.sqlite');
    const r = await productService(['--port', String(port), '--products', products, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port} is already in use`);
    expect(readdirSync(dir).filter((f) => f.startsWith('taken'))).toEqual([]);
  });

  it('an existing database is left as it was (rows, no snapshot written)', async () => {
    const db = join(dir, 'existing.sqlite');
    const raw = new DatabaseSync(db);
    raw.exec('CREATE TABLE keep_me (x INTEGER); INSERT INTO keep_me VALUES (42);');
    raw.close();
    const before = statSync(db).mtimeMs;
    const port = await holdPort();
    const products = join(dir, 'products2.txt');
    writeFileSync(products, 'P-3,three,3.5\n');
    const r = await productService(['--port', String(port), '--products', products, '--db', db]);
    expect(r.code).toBe(1);
    expect(statSync(db).mtimeMs).toBe(before);
    expect(existsSync(`${db}.bloom`)).toBe(false);
    const check = new DatabaseSync(db, { readOnly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'keep_me' }]);
    check.close();
  });
});
