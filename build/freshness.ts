/**
 * Build only what changed: each build step records the files it was made from (by content
 * hash, not modification time, so a file restored with an old timestamp or a checkout that
 * moves back in time still counts as changed) and the files it wrote. A step runs again when
 * any recorded input changed or vanished, any output is missing, its set of source files
 * changed (a file added), or there is no record yet. A failed step leaves no record, so it
 * runs again next time: a stale build is never taken for a fresh one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface BuildRecord {
  /** Input path (relative to the root) → sha1 of its content. */
  inputs: Record<string, string>;
  /** Output paths (relative) that must exist. */
  outputs: string[];
  /** Source files found by the step's globs when it ran (added files make it stale). */
  sources: string[];
}

export function sha1(file: string): string | null {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** Every file under `dir` (relative to root) whose name passes `keep`, sorted. */
export function listFiles(root: string, dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(rel, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && keep(e.name)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

export function recordPath(root: string, step: string): string {
  return join(root, 'dist', '.build', `${step}.json`);
}

/** Why the step must run, or null when its record says it is up to date. */
export function staleReason(root: string, step: string, sources: readonly string[]): string | null {
  const file = recordPath(root, step);
  if (!existsSync(file)) return 'never built here';
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as BuildRecord;
  } catch {
    return 'its build record is unreadable';
  }
  const missing = record.outputs.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  if (sources.join('\n') !== record.sources.join('\n')) return 'source files were added or removed';
  for (const [input, hash] of Object.entries(record.inputs)) {
    if (sha1(join(root, input)) !== hash) return `${input} changed`;
  }
  return null;
}

/** Writes the record after a successful build: the hash of every input as it is now. */
export function writeRecord(
  root: string,
  step: string,
  inputs: Iterable<string>,
  outputs: Iterable<string>,
  sources: readonly string[],
): void {
  const rel = (p: string): string => relative(root, resolve(root, p));
  const hashed: Record<string, string> = {};
  for (const input of new Set([...inputs].map(rel))) {
    const hash = sha1(join(root, input));
    if (hash !== null) hashed[input] = hash;
  }
  const record: BuildRecord = { inputs: hashed, outputs: [...new Set([...outputs].map(rel))].sort(), sources: [...sources] };
  const file = recordPath(root, step);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
}
