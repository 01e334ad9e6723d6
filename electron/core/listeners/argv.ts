/**
 * A process's arguments apart, for "Copy command": Linux keeps them NUL-separated in
 * /proc/PID/cmdline, so each word can be quoted for the shell exactly. Other systems give
 * one joined string (ps, CIM), copied as it is. Cached per process (pid + start time).
 */
import { readFile } from 'node:fs/promises';

const MAX_CACHED = 4096;

export type ArgvReader = (pid: number, startedAt: number | null) => Promise<string[] | null>;

export function createArgvReader(platform: NodeJS.Platform = process.platform): ArgvReader {
  const cache = new Map<string, string[] | null>();
  return async (pid, startedAt) => {
    if (platform !== 'linux') return null;
    const key = `${pid}:${startedAt}`;
    if (cache.has(key)) return cache.get(key)!;
    let argv: string[] | null;
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      const words = raw.split('\0');
      if (words[words.length - 1] === '') words.pop();
      argv = words.length > 0 ? words : null;
    } catch {
      argv = null; // exited, or another user's process
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, argv);
    return argv;
  };
}
