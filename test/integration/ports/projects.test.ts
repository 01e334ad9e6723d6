/**
 * Which project each listener belongs to, on real processes started in temp folders: one
 * holding a package.json, one a real git repository, one a plain folder. Through the
 * snapshot reader and through `portwarden ports` (table and --json).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectNames } from '../../../electron/core/owners/project-names.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import { startListener, type RunningListener } from '../../support/listeners.ts';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('projects: skipped, these tests read /proc (Linux only)');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe.runIf(onLinux)('listener projects from real working directories', () => {
  // realpath: /tmp may be a symlink, and /proc/PID/cwd shows the real path.
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'pw-listener-projects-')));
  const started: RunningListener[] = [];
  const dirs = {
    npm: path.join(root, 'storefront', 'src'),
    git: path.join(root, 'billing-api', 'app'),
    plain: path.join(root, 'scratch-server'),
  };
  let npm: RunningListener;
  let git: RunningListener;
  let plain: RunningListener;

  beforeAll(async () => {
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(root, 'storefront', 'package.json'), JSON.stringify({ name: '@shop/storefront', scripts: { dev: 'vite' } }));
    execFileSync('git', ['init', '-q', path.join(root, 'billing-api')]);
    npm = await startListener({ runtime: 'node', host: '127.0.0.1', cwd: dirs.npm, tag: 'project-npm' });
    git = await startListener({ host: '127.0.0.1', cwd: dirs.git, tag: 'project-git' });
    plain = await startListener({ host: '::1', cwd: dirs.plain, tag: 'project-plain' });
    started.push(npm, git, plain);
  });
  afterAll(async () => {
    await Promise.all(started.map((l) => l.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('gives each owner its cwd, its project and its start time', async () => {
    const before = Date.now();
    const { listeners } = await createSnapshotReader().read({ ports: started.map((l) => l.port) });
    const of = (l: RunningListener) => listeners.find((r) => r.pid === l.pids[0]);
    expect(of(npm)).toMatchObject({ cwd: dirs.npm, project: '@shop/storefront', behind: null, orphanedSocket: null });
    expect(of(git)).toMatchObject({ cwd: dirs.git, project: 'billing-api' });
    expect(of(plain)).toMatchObject({ cwd: dirs.plain, project: 'scratch-server' });
    for (const l of started) {
      // Started within this test file's run: a minute before now at most (clock ticks are 10 ms).
      expect(of(l)?.startedAt).toBeGreaterThan(before - 120_000);
      expect(of(l)?.startedAt).toBeLessThanOrEqual(Date.now() + 10);
    }
  });

  it('portwarden ports --json carries cwd and project; the table has a PROJECT column', async () => {
    const json = await cli('ports', String(npm.port), String(git.port), '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as ListenerRecord[];
    const byPid = new Map(rows.map((r) => [r.pid, [r.cwd, r.project]]));
    expect(byPid.get(npm.pids[0])).toEqual([dirs.npm, '@shop/storefront']);
    expect(byPid.get(git.pids[0])).toEqual([dirs.git, 'billing-api']);
    expect(rows).toHaveLength(2);
    const table = await cli('ports', String(plain.port));
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^\s*PORT\s+ADDRESS\s+FAMILY\s+PID\s+PPID\s+USER\s+NAME\s+PROJECT\s+COMMAND$/);
    expect(row.slice((header as string).indexOf('PROJECT'))).toMatch(/^scratch-server\s+\S*python3 /);
  });

  it('looks each working directory up once: a steady poll touches no package.json', async () => {
    const projects = createProjectNames();
    const reader = createSnapshotReader({ projects });
    const ports = started.map((l) => l.port);
    await reader.read({ ports });
    expect(projects.lookups()).toBe(3);
    const again = await reader.read({ ports });
    expect(projects.lookups()).toBe(3);
    expect(again.listeners.map((r) => r.project).sort()).toEqual(['@shop/storefront', 'billing-api', 'scratch-server']);
  });
});
