/**
 * Replacing a file that may hold secrets (portwarden.json: a service's env can carry API
 * keys) without loosening it or being tricked into writing somewhere else:
 * - the new content goes to a temp file in the same folder with a random name, created
 *   with O_CREAT|O_EXCL (it fails rather than open anything already there, a symlink
 *   included), written, fsynced, then renamed over the file: readers see the old or the new
 *   file, never half of one;
 * - the file keeps its mode (and, when we run as root, its owner); a new file is 0600;
 * - when the path is a symlink, its target is replaced and the link stays a link.
 * write-file-atomic (npm) was not used: its temp file is opened without O_EXCL under a
 * name derived from the path and pid.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readlink, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

/** Mode of a file we create: only its owner may read or write it. */
export const NEW_FILE_MODE = 0o600;

/** Linux gives up after 40 links (ELOOP); so do we. */
const MAX_LINKS = 40;

/**
 * The path a write to `path` should replace: `path` itself, or the end of its symlink chain
 * (followed even when the final target does not exist yet).
 */
export async function symlinkTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

async function existing(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** fsync a folder so the rename itself survives a crash (not possible on Windows: skipped). */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replace `path` (or its symlink's target) with `data`; see the file comment. */
export async function writeFileSafely(path: string, data: string): Promise<void> {
  const file = await symlinkTarget(path);
  const before = await existing(file);
  if (before && !before.isFile()) throw new Error(`${file} is not a regular file; not replaced`);
  const mode = before ? before.mode & 0o7777 : NEW_FILE_MODE;
  const temp = resolve(dirname(file), `.${basename(file)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, NEW_FILE_MODE);
  let renamed = false;
  try {
    try {
      // The mode given to open() is cut by the umask; set the one we mean.
      await handle.chmod(mode);
      if (before && process.getuid?.() === 0) await handle.chown(before.uid, before.gid);
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    renamed = true;
    await syncFolder(dirname(file)).catch(() => undefined);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
