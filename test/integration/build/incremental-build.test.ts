/**
 * `npm run build` builds only what changed, and a stale build is never taken for a fresh one
 * (build/build.ts, build/freshness.ts). Runs the real build (tsc, esbuild, vite) on a copy
 * of the project in a temporary folder, then changes that copy the ways a developer does:
 * an edited file, an edit that keeps the old modification time, a deleted output, a new
 * file, a broken file put back after a failed build.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = process.cwd();
const root = mkdtempSync(join(tmpdir(), 'pw-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

for (const entry of [
  'electron',
  'renderer',
  'build',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'portwarden.schema.json',
]) {
  cpSync(join(REPO, entry), join(root, entry), { recursive: true, filter: (src) => !src.includes(`${join(REPO, 'build')}/icons`) });
}
symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));

/** Runs the build in the copy; returns each step's status line ("core: up to date", …). */
function build(): { code: number | null; lines: Record<string, string> } {
  const run = spawnSync(process.execPath, ['build/build.ts'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const lines = Object.fromEntries(
    run.stderr
      .split('\n')
      .filter((l) => l.startsWith('build '))
      .map((l) => {
        const [, step, rest] = /^build (\w+): (.*)$/.exec(l) ?? [];
        return [step, rest];
      }),
  );
  return { code: run.status, lines };
}

const read = (file: string): string => readFileSync(join(root, file), 'utf8');

describe('npm run build, incremental', () => {
  it('builds everything once, then nothing; then exactly the steps whose inputs changed', { timeout: 600_000 }, () => {
    const first = build();
    expect(first.code).toBe(0);
    for (const step of ['core', 'cli', 'renderer', 'preload'])
      expect(first.lines[step]).toMatch(/^built in [\d.]+ s \(never built here\)$/);

    const again = build();
    expect(again.lines).toEqual({ core: 'up to date', cli: 'up to date', renderer: 'up to date', preload: 'up to date' });

    // An edited CLI string: core and the CLI bundle are rebuilt and carry it; the others are not.
    const commands = 'electron/cli/commands.ts';
    writeFileSync(
      join(root, commands),
      read(commands).replace("'list TCP listeners (all, or on the given ports) with every owning process'", "'list TCP listeners, edited'"),
    );
    const edited = build();
    expect(edited.lines.core).toMatch(/built in .*electron\/cli\/commands\.ts changed/);
    expect(edited.lines.cli).toMatch(/built in .*electron\/cli\/commands\.ts changed/);
    expect(edited.lines.renderer).toBe('up to date');
    expect(edited.lines.preload).toBe('up to date');
    expect(read('dist/electron/cli/commands.js')).toContain('list TCP listeners, edited');
    expect(read('dist/electron/portwarden-cli.cjs')).toContain('list TCP listeners, edited');

    // Edited again, but with the old modification time put back: content decides, not mtime.
    const before = statSync(join(root, commands));
    writeFileSync(join(root, commands), read(commands).replace('list TCP listeners, edited', 'list TCP listeners, edited twice'));
    utimesSync(join(root, commands), before.atime, before.mtime);
    expect(build().lines.cli).toMatch(/built in/);
    expect(read('dist/electron/portwarden-cli.cjs')).toContain('list TCP listeners, edited twice');

    // A deleted output is built again.
    rmSync(join(root, 'dist/electron/cli/kill-command.js'));
    expect(build().lines.core).toMatch(/dist\/electron\/cli\/kill-command\.js is missing/);
    expect(existsSync(join(root, 'dist/electron/cli/kill-command.js'))).toBe(true);

    // A new source file is compiled.
    writeFileSync(join(root, 'electron/cli/zz-added.ts'), 'export const ADDED = 1;\n');
    expect(build().lines.core).toMatch(/source files were added or removed/);
    expect(existsSync(join(root, 'dist/electron/cli/zz-added.js'))).toBe(true);

    // The dashboard: an edited component rebuilds the renderer only.
    const view = 'renderer/src/App.tsx';
    appendFileSync(join(root, view), '\nexport const BUILD_TEST_MARKER = "rebuilt-dashboard";\n');
    const dashboard = build();
    expect(dashboard.lines.renderer).toMatch(/renderer\/src\/App\.tsx changed/);
    expect(dashboard.lines.core).toBe('up to date');

    // A broken file fails the build (tsc still writes its output); putting the good file back
    // must build again, never trust the half-written dist.
    const good = read('electron/cli/zz-added.ts');
    writeFileSync(join(root, 'electron/cli/zz-added.ts'), 'export const ADDED: number = "not a number";\n');
    const broken = build();
    expect(broken.code).toBe(1);
    expect(broken.lines.core).toMatch(/^FAILED/);
    writeFileSync(join(root, 'electron/cli/zz-added.ts'), good);
    const repaired = build();
    expect(repaired.code).toBe(0);
    expect(repaired.lines.core).toMatch(/built in .*never built here/);
    expect(read('dist/electron/cli/zz-added.js')).toContain('ADDED = 1');
  });
});
