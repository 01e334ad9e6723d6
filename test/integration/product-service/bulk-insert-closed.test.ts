/**
 * When the bulk-insert worker says "done", its database connection is closed: a new
 * connection can switch the file to WAL at once (electron/product-service/bulk-insert-
 * worker.ts, store.ts). Before, "done" came before the close, and a restart right after a
 * start failed with "database is locked" (6 of 10 rounds here; seen in startup.test.ts
 * under load). Real worker thread, real SQLite files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkInsertInWorker } from '../../../electron/product-service/bulk-insert.ts';
import { ProductStore } from '../../../electron/product-service/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-bulk-closed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bulk insert worker', () => {
  it(
    'has closed its connection when it reports done: opening the file right after never finds it locked',
    { timeout: 120_000 },
    async () => {
      const failures: string[] = [];
      for (let round = 0; round < 8; round++) {
        const products = join(dir, `p${round}.txt`);
        writeFileSync(products, Array.from({ length: 50_000 }, (_, j) => `R${round}-${j}`).join('\n'));
        const db = join(dir, `d${round}.sqlite`);
        new ProductStore({ file: db }).close();
        await bulkInsertInWorker({ dbFile: db, productsFile: products }).done;
        // A plain connection, no busy timeout: any lock still held by the worker fails at once.
        const raw = new DatabaseSync(db);
        try {
          raw.exec('PRAGMA journal_mode = DELETE; PRAGMA journal_mode = WAL;');
          expect((raw.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number }).n).toBe(50_000);
        } catch (error) {
          failures.push(`round ${round}: ${(error as Error).message}`);
        } finally {
          raw.close();
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
