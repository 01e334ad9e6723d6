/**
 * Shared by the product service's HTTP suites: a temporary directory, services started on
 * port 0 with a real SQLite file each (closed after every test), and raw GET/POST helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { startProductService, type RunningProductService } from '../../../electron/product-service/index.ts';

export interface ProductHarness {
  dir: string;
  start(options?: Parameters<typeof startProductService>[0]): Promise<RunningProductService>;
  /** Stop tracking the last started service (the test closed it itself). */
  forgetLast(): void;
}

/** Call at the top of a test file: registers the cleanup hooks. */
export function productHarness(prefix: string): ProductHarness {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const running: RunningProductService[] = [];
  afterEach(async () => {
    while (running.length) await running.pop()!.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return {
    dir,
    async start(options = {}) {
      const s = await startProductService({
        port: 0,
        redisUrl: null,
        productsFile: null,
        dbFile: join(dir, `db-${n++}.sqlite`),
        ...options,
      });
      running.push(s);
      return s;
    },
    forgetLast: () => void running.pop(),
  };
}

export async function get(s: RunningProductService, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(s.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Raw POST so bodies can be invalid JSON or oversized. */
export function post(
  s: RunningProductService,
  path: string,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      s.url + path,
      { method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
