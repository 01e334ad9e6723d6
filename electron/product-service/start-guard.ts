/**
 * A failed start changes nothing (trial P1): what can be known before the database is opened
 * is checked first — the products file can be read, the port can be bound — and when the
 * start fails later anyway, the database files and filter snapshot this start created are
 * removed again. Before, `--products /nonexistent` or a taken `--port` left a new SQLite file
 * (seeded from the products file) and a 1.2 MB snapshot behind.
 */
import { constants, existsSync, rmSync, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';

const UNREADABLE: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder, not a file' };

/** Throws "products file F: no such file" (with the error's code) when the file cannot be read. */
export async function checkProductsFile(file: string): Promise<void> {
  let code: string | null = null;
  try {
    await access(file, constants.R_OK);
    if (statSync(file).isDirectory()) code = 'EISDIR';
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
  if (code !== null) throw Object.assign(new Error(`products file ${file}: ${UNREADABLE[code] ?? code}`), { code, path: file });
}

/**
 * A test bind of host:port, closed at once; throws the listen error (EADDRINUSE with
 * address and port, as the real listen would) so the caller reports it the same way. The
 * port can still be taken between this check and the real listen: that start fails later
 * and its files are removed by discardCreated.
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** The files a SQLite database and its snapshot may consist of. */
function filesOf(sqliteFile: string | null, snapshotFile: string | null): string[] {
  const db = sqliteFile && sqliteFile !== ':memory:' ? [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`, `${sqliteFile}-journal`] : [];
  return [...db, ...(snapshotFile ? [snapshotFile] : [])];
}

/** Notes which of those files exist before the start; `discard()` removes the others. */
export function createdFilesGuard(sqliteFile: string | null, snapshotFile: string | null): { discard: () => void } {
  const existing = new Set(filesOf(sqliteFile, snapshotFile).filter((f) => existsSync(f)));
  // An existing database keeps its -wal/-shm companions (SQLite manages them).
  const keepCompanions = sqliteFile !== null && existing.has(sqliteFile);
  return {
    discard: () => {
      for (const file of filesOf(sqliteFile, snapshotFile)) {
        if (existing.has(file)) continue;
        if (keepCompanions && file !== snapshotFile) continue;
        rmSync(file, { force: true });
      }
    },
  };
}
