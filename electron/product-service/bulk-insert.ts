/** Starts bulk-insert-worker.ts and resolves with the number of new rows. */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkInsertJob, BulkInsertMessage } from './bulk-insert-worker.ts';
import type { LoadProgress } from './products-file.ts';

// The worker file has this module's extension: .ts when run from source, .js once built.
const WORKER_URL = new URL(`./bulk-insert-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export function bulkInsertInWorker(job: BulkInsertJob, onProgress?: (p: LoadProgress) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    let settled = false;
    worker.on('message', (msg: BulkInsertMessage) => {
      if (msg.type === 'progress') onProgress?.({ lines: msg.lines, bytesDone: msg.bytesDone, bytesTotal: msg.bytesTotal });
      else if (msg.type === 'done') {
        settled = true;
        resolve(msg.inserted);
      } else {
        settled = true;
        reject(new Error(msg.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`bulk insert worker exited with code ${code}`));
    });
  });
}
