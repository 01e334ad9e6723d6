/**
 * Every dependency names a version range (package.json), so a fresh `npm install` without
 * the lock cannot jump to a new major: no "*", "latest", "x" or empty range, and the lock
 * records the same ranges package.json asks for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, Record<string, string> | undefined>;
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, Record<string, Record<string, string> | undefined>>;
};

const groups = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

describe('dependencies', () => {
  it.each(groups)('every entry of %s is a pinned version or a caret/tilde range of one', (group) => {
    for (const [name, range] of Object.entries(pkg[group] ?? {})) {
      expect(range, name).toMatch(/^[~^]?\d+\.\d+\.\d+(?:-[\w.]+)?$/);
    }
  });

  it.each(groups)('the lock records the ranges package.json gives in %s', (group) => {
    expect(lock.packages['']![group] ?? {}).toEqual(pkg[group] ?? {});
  });
});
