/**
 * Which project a directory belongs to, the way a developer would name it: the nearest
 * package.json `name`, else the git repository's folder name, else the folder's own name
 * (issue 12). The walk goes up from the directory and stops at the repository root, so a
 * package.json above the repository (a home folder's stray one) never names the project.
 *
 * The filesystem is reached through `ProjectFs` so the rules are tested on real temp folders
 * and the caller (project-names.ts) can bound how long a slow filesystem may take.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export interface ProjectFs {
  /** The file's text, or null when it does not exist or cannot be read. */
  readText(file: string): Promise<string | null>;
  /** True when the path exists (file or folder: `.git` is a file in worktrees and submodules). */
  exists(file: string): Promise<boolean>;
}

/** package.json files bigger than this are not a project manifest worth parsing on a poll. */
const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Paths deeper than this are not walked any further (a guard, not a real limit). */
const MAX_LEVELS = 64;

export const nodeProjectFs: ProjectFs = {
  async readText(file) {
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) return null;
      return await readFile(file, 'utf8');
    } catch {
      return null;
    }
  },
  async exists(file) {
    try {
      await stat(file);
      return true;
    } catch {
      return false;
    }
  },
};

/** The `name` of a package.json text, or null (no name, not a string, not JSON). */
export function packageName(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Folders that are nobody's project: the filesystem root and home folders. A daemon running
 * in `/` or a shell in `~` would otherwise be named after `/` or the user.
 */
export function isNoProjectDir(dir: string, home: string = homedir()): boolean {
  const d = path.resolve(dir);
  if (d === path.parse(d).root) return true;
  if (d === path.resolve(home)) return true;
  return /^(?:\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\\Users\\[^\\]+)$/.test(d);
}

/**
 * The project name of `dir` (absolute). Null for the filesystem root and home folders, and
 * for a folder that no longer exists (a deleted working directory names nothing).
 */
export async function projectOfDir(dir: string, fs: ProjectFs = nodeProjectFs, home: string = homedir()): Promise<string | null> {
  const start = path.resolve(dir);
  if (isNoProjectDir(start, home) || !(await fs.exists(start))) return null;
  let current = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (isNoProjectDir(current, home)) break;
    const manifest = await fs.readText(path.join(current, 'package.json'));
    const name = manifest === null ? null : packageName(manifest);
    if (name !== null) return name;
    if (await fs.exists(path.join(current, '.git'))) return path.basename(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return path.basename(start);
}
