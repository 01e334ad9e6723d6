/**
 * BloomManager with a real SQLite file, written to by a second connection during a rebuild
 * (what the bulk-insert worker does while the filter loads at startup).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { BloomManager } from '../../../electron/product-service/bloom-manager.ts';
import { SqliteDatabase } from '../../../electron/product-service/database.ts';
import { ProductStore } from '../../../electron/product-service/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'pw-bloom-manager-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('BloomManager', () => {
  it('never saves a snapshot that claims rows its filter may have missed', async () => {
    const dbFile = join(dir, 'race.sqlite');
    const snapshotFile = `${dbFile}.bloom`;
    const db = new SqliteDatabase(dbFile);
    const store = db.store;
    store.transaction(() => store.insertMany(Array.from({ length: 500 }, (_, i) => ({ id: `Z${i}`, name: null, price: null }))));
    const other = new ProductStore({ file: dbFile }); // the "worker" connection
    const opts = { store: db, expectedItems: 1000, falsePositiveRate: 0.01, snapshotFile, log: () => {}, rebuildBatch: 10 };
    const manager = new BloomManager(opts);
    let done = false;
    const rebuilding = manager.rebuild().finally(() => (done = true));
    // Rows sorting before the scan's cursor, committed while the scan runs: the scan misses them.
    let foreign = 0;
    while (!done && foreign < 1000) {
      other.insert({ id: `A${foreign++}`, name: null, price: null });
      await nextTick();
    }
    await rebuilding;
    expect(foreign).toBeGreaterThan(5);

    // A later start must not trust a snapshot whose filter lacks some of the rows it counts.
    const restarted = new BloomManager(opts);
    await restarted.init();
    const missing: string[] = [];
    for (let after = ''; ;) {
      const ids = store.idsAfter(after, 1000);
      for (const id of ids) if (!restarted.has(id)) missing.push(id);
      if (ids.length < 1000) break;
      after = ids[ids.length - 1];
    }
    expect(missing).toEqual([]);
    other.close();
    store.close();
  });
});
