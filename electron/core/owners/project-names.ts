/**
 * Project names for many directories at once, cached per directory and bounded in time, so
 * naming projects costs nothing on a steady poll and a slow or hung filesystem (a network
 * mount) never holds a snapshot up for longer than `boundMs`. A lookup that misses the bound
 * keeps running; its answer is cached and shows on the next read (until then: unknown).
 */
import { LRUCache } from 'lru-cache';
import { nodeProjectFs, projectOfDir, type ProjectFs } from './project-name.ts';

export interface ProjectNamesOptions {
  fs?: ProjectFs;
  /** How long one call may wait for lookups. Default 150 ms. */
  boundMs?: number;
  /** How long an answer is trusted (a renamed package shows after this). Default 30 s. */
  ttlMs?: number;
  /** Directories remembered. Default 4096. */
  max?: number;
  home?: string;
}

export interface ProjectNames {
  /** dir → project name (null: none, or not known within the bound). */
  namesOf(dirs: Iterable<string>): Promise<Map<string, string | null>>;
  /** Lookups run so far (for tests and the benchmark: a warm poll runs none). */
  lookups(): number;
}

/** `{ value }` wraps the answer because the cache cannot hold null itself. */
interface Entry {
  value: string | null;
}

export function createProjectNames(options: ProjectNamesOptions = {}): ProjectNames {
  const fs = options.fs ?? nodeProjectFs;
  const boundMs = options.boundMs ?? 150;
  const cache = new LRUCache<string, Entry>({ max: options.max ?? 4096, ttl: options.ttlMs ?? 30_000 });
  const pending = new Map<string, Promise<void>>();
  let lookups = 0;

  const start = (dir: string): Promise<void> => {
    let running = pending.get(dir);
    if (!running) {
      lookups++;
      running = projectOfDir(dir, fs, options.home)
        .catch(() => null)
        .then((value) => {
          cache.set(dir, { value });
        })
        .finally(() => pending.delete(dir));
      pending.set(dir, running);
    }
    return running;
  };

  return {
    async namesOf(dirs) {
      const wanted = [...new Set(dirs)];
      const missing = wanted.filter((dir) => !cache.has(dir));
      if (missing.length > 0) {
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, boundMs);
          timer.unref?.();
        });
        await Promise.race([Promise.all(missing.map(start)), bound]);
        clearTimeout(timer);
      }
      return new Map(wanted.map((dir) => [dir, cache.get(dir)?.value ?? null]));
    },
    lookups: () => lookups,
  };
}

/** One cache for the whole process: a directory's project does not depend on who asks. */
let shared: ProjectNames | undefined;
export function sharedProjectNames(): ProjectNames {
  return (shared ??= createProjectNames());
}
