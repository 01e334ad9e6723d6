/**
 * Project naming on real folders made here: package.json name first, else the git
 * repository's folder (a real `git init`), else the folder's own name; never above the
 * repository root, never the filesystem root or a home folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNoProjectDir, nodeProjectFs, packageName, projectOfDir, type ProjectFs } from '../../../electron/core/owners/project-name.ts';
import { createProjectNames } from '../../../electron/core/owners/project-names.ts';

const root = mkdtempSync(path.join(tmpdir(), 'pw-projects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(...parts: string[]): string {
  const dir = path.join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
function gitInit(dir: string): void {
  execFileSync('git', ['init', '-q', dir]);
}
const home = '/home/nobody-here';

describe('projectOfDir', () => {
  it('takes the nearest package.json name, also from a sub-folder of the package', async () => {
    const app = folder('monorepo', 'packages', 'web');
    writeFileSync(path.join(root, 'monorepo', 'package.json'), JSON.stringify({ name: 'acme', private: true }));
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: '@acme/web' }));
    gitInit(path.join(root, 'monorepo'));
    expect(await projectOfDir(app, nodeProjectFs, home)).toBe('@acme/web');
    expect(await projectOfDir(folder('monorepo', 'packages', 'web', 'src', 'routes'), nodeProjectFs, home)).toBe('@acme/web');
    expect(await projectOfDir(folder('monorepo', 'tools'), nodeProjectFs, home)).toBe('acme');
  });

  it('names a git repository without package.json after its folder', async () => {
    const repo = folder('shop-api');
    gitInit(repo);
    expect(await projectOfDir(folder('shop-api', 'app', 'routers'), nodeProjectFs, home)).toBe('shop-api');
  });

  it('treats a package.json without a usable name (or not JSON) as absent', async () => {
    const repo = folder('legacy');
    gitInit(repo);
    writeFileSync(path.join(repo, 'package.json'), '{ "private": true }');
    const sub = folder('legacy', 'client');
    writeFileSync(path.join(sub, 'package.json'), '{ not json');
    expect(await projectOfDir(sub, nodeProjectFs, home)).toBe('legacy');
  });

  it('does not look above the repository root for a package.json', async () => {
    writeFileSync(path.join(folder('outer'), 'package.json'), JSON.stringify({ name: 'outer-stray' }));
    const inner = folder('outer', 'inner-repo');
    gitInit(inner);
    expect(await projectOfDir(inner, nodeProjectFs, home)).toBe('inner-repo');
  });

  it('falls back to the folder name, and names nothing for /, a home folder or a folder that is gone', async () => {
    expect(await projectOfDir(folder('plain', 'scratch'), nodeProjectFs, home)).toBe('scratch');
    expect(await projectOfDir('/', nodeProjectFs, home)).toBeNull();
    expect(await projectOfDir(root, nodeProjectFs, root)).toBeNull();
    expect(await projectOfDir(path.join(root, 'never-made'), nodeProjectFs, home)).toBeNull();
  });

  it('a git worktree (.git is a file) is a repository too', async () => {
    const wt = folder('worktree-like');
    writeFileSync(path.join(wt, '.git'), 'gitdir: /somewhere/.git/worktrees/x\n');
    expect(await projectOfDir(folder('worktree-like', 'src'), nodeProjectFs, home)).toBe('worktree-like');
  });
});

describe('packageName and isNoProjectDir', () => {
  it('reads a trimmed string name only', () => {
    expect(packageName('\uFEFF{"name":" web "}')).toBe('web');
    expect(packageName('{"name":42}')).toBeNull();
    expect(packageName('[]')).toBeNull();
    expect(packageName('{"name":""}')).toBeNull();
  });
  it('knows the root and home folders of every platform', () => {
    expect(isNoProjectDir('/', '/x')).toBe(true);
    expect(isNoProjectDir('/home/dev', '/x')).toBe(true);
    expect(isNoProjectDir('/Users/dev', '/x')).toBe(true);
    expect(isNoProjectDir('/root', '/x')).toBe(true);
    expect(isNoProjectDir('/home/dev/shop', '/x')).toBe(false);
  });
});

describe('createProjectNames (cache and time bound)', () => {
  it('looks each directory up once, then answers from the cache', async () => {
    const names = createProjectNames({ home });
    const dir = folder('cached');
    const first = await names.namesOf([dir, dir]);
    expect(first.get(dir)).toBe('cached');
    await names.namesOf([dir]);
    expect(names.lookups()).toBe(1);
  });

  it('answers unknown (null) within the bound when the filesystem is slow, and the real name once the lookup finishes', async () => {
    // A filesystem that answers 300 ms late, like a stalled network mount.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: ProjectFs = {
      readText: async (file) => (await gate, nodeProjectFs.readText(file)),
      exists: async (file) => (await gate, nodeProjectFs.exists(file)),
    };
    const names = createProjectNames({ fs: slow, boundMs: 50, home });
    const dir = folder('on-a-slow-mount');
    const started = Date.now();
    expect((await names.namesOf([dir])).get(dir)).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    // The lookup keeps running after the bound; its answer shows on a later call.
    for (let i = 0; i < 100 && (await names.namesOf([dir])).get(dir) === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await names.namesOf([dir])).get(dir)).toBe('on-a-slow-mount');
    expect(names.lookups()).toBe(1);
  });
});
