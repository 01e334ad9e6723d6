/**
 * Worker thread for cold starts: parses the products file and bulk-inserts it into the
 * SQLite FILE through its own connection, while the main thread parses the same file and
 * fills the Bloom filter. On two cores the two halves overlap, which is most of what keeps
 * a 1M-product cold start under 3 s.
 *
 * The "filter before the row is visible" rule still holds where it matters: the service is
 * not ready (every lookup gets 503) until both halves are done, so no lookup can see a row
 * the filter lacks; and a crash mid-load leaves no matching snapshot, so the next start
 * rebuilds the filter from the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProductsFile } from './products-file.ts';
import { ProductStore } from './store.ts';

/** Sent by the worker. */
export type BulkInsertMessage =
  | { type: 'progress'; lines: number; bytesDone: number; bytesTotal: number }
  | { type: 'done'; inserted: number }
  | { type: 'error'; message: string };

export interface BulkInsertJob {
  dbFile: string;
  productsFile: string;
}

async function run(job: BulkInsertJob): Promise<void> {
  const store = new ProductStore({ file: job.dbFile });
  let inserted: number;
  try {
    const result = await loadProductsFile(job.productsFile, {
      insertBatch: (products) => store.transaction(() => store.insertMany(products)),
      onProgress: (p) => parentPort!.postMessage({ type: 'progress', ...p } satisfies BulkInsertMessage),
    });
    inserted = result.inserted;
  } finally {
    store.close();
  }
  // "done" only once this connection is closed: a service that stops and starts again right
  // after its start (a restart, the tests) must not find the file locked by our checkpoint.
  parentPort!.postMessage({ type: 'done', inserted } satisfies BulkInsertMessage);
}

if (parentPort) {
  run(workerData as BulkInsertJob).catch((err: Error) => {
    parentPort!.postMessage({ type: 'error', message: err.message } satisfies BulkInsertMessage);
  });
}
