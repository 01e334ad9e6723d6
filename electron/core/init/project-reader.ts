/**
 * The thin, bounded reader behind `portwarden init`: reads text files of one project folder
 * for the pure detectors (propose.ts). It never follows a path out of the folder, skips
 * files over 1 MB and never lists node_modules, so a big repository costs little.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFiles } from './types.ts';
import { messageOf } from '../model/errors.ts';

/** Bigger files are not something a port is written in. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Why a folder cannot be read, in words for the CLI (exit 2). */
export class ProjectDirError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProjectDirError';
  }
}

/** Checks `dir` is a readable folder and returns its real path; throws ProjectDirError otherwise. */
export function checkProjectDir(dir: string): string {
  const absolute = path.resolve(dir);
  let info;
  try {
    info = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProjectDirError(
      code === 'ENOENT'
        ? `${absolute}: no such folder`
        : code === 'EACCES'
          ? `${absolute}: permission denied`
          : `${absolute}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  if (!info.isDirectory()) throw new ProjectDirError(`${absolute} is not a folder`);
  try {
    readdirSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProjectDirError(
      code === 'EACCES' ? `${absolute}: permission denied (cannot list the folder)` : `${absolute}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return realpathSync(absolute);
}

/** ProjectFiles over a real folder (`root` as checkProjectDir returned it). */
export function folderFiles(root: string): ProjectFiles {
  const inside = (rel: string): string | null => {
    if (rel.split('/').some((part) => part === '..' || part === 'node_modules')) return null;
    return path.join(root, ...rel.split('/').filter((p) => p !== ''));
  };
  const cache = new Map<string, string | null>();
  return {
    read(rel) {
      if (cache.has(rel)) return cache.get(rel) ?? null;
      const file = inside(rel);
      let text: string | null = null;
      try {
        if (file !== null) {
          // A symlink that leaves the project is not read: `init` reads the project, nothing else.
          const real = realpathSync(file);
          const info = statSync(real);
          if ((real === root || real.startsWith(root + path.sep)) && info.isFile() && info.size <= MAX_FILE_BYTES)
            text = readFileSync(real, 'utf8');
        }
      } catch {
        text = null;
      }
      cache.set(rel, text);
      return text;
    },
    list(rel) {
      const dir = inside(rel);
      if (dir === null) return [];
      try {
        return readdirSync(dir)
          .slice(0, 2000)
          .map((name) => {
            try {
              return lstatSync(path.join(dir, name)).isDirectory() ? `${name}/` : name;
            } catch {
              return name;
            }
          });
      } catch {
        return [];
      }
    },
  };
}
