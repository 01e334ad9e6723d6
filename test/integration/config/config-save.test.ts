/**
 * Saving portwarden.json through `PUT /api/config` on a real `portwarden serve` (issue 10,
 * item 3): the file keeps its mode (service env can hold secrets), a new file is 0600, a
 * symlinked config stays a symlink and its target is written, and the temp file is neither
 * predictable nor followed — checked against a symlink the user `nobody` planted.
 */
import { execFile } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, stopAllServes } from '../../support/serve-process.ts';

let dir = '';
afterEach(async () => {
  await stopAllServes();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

const mode = (path: string) => statSync(path).mode & 0o777;

async function put(serve: ReturnType<typeof startServe>, body: unknown): Promise<number> {
  const res = await serve.api('/api/config', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}

const root = process.getuid?.() === 0;
if (!root)
  console.log(
    'SKIPPED the planted-symlink test in config-save.test.ts: it plants the link as user nobody, which needs root (CI runs as root)',
  );

describe('PUT /api/config writes portwarden.json', () => {
  it.each([
    ['0600', 0o600],
    ['0640', 0o640],
  ] as const)('keeps the mode of an existing file (%s)', async (_label, existingMode) => {
    dir = await mkdtemp(join(tmpdir(), 'pw-save-'));
    const file = join(dir, 'portwarden.json');
    await writeFile(file, '{"pollIntervalMs": 1000}\n');
    await chmod(file, existingMode);
    const serve = startServe([], { cwd: dir });
    expect(await put(serve, { pollIntervalMs: 2000, services: [{ id: 'api', command: 'true', env: { API_KEY: 'secret' } }] })).toBe(200);
    expect(mode(file)).toBe(existingMode);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pollIntervalMs: 2000 });
    expect(readdirSync(dir)).toEqual(['portwarden.json']); // no temp file left behind
  });

  it('creates a new file 0600, whatever the umask', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-save-'));
    const serve = startServe([], { cwd: dir });
    expect(await put(serve, { pollIntervalMs: 2000 })).toBe(200);
    expect(mode(join(dir, 'portwarden.json'))).toBe(0o600);
  });

  it('writes through a symlinked config: the link stays a link, its target keeps its mode', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-save-'));
    const real = join(dir, 'configs', 'real.json');
    await mkdir(join(dir, 'configs'));
    await writeFile(real, '{"pollIntervalMs": 1000}\n', { mode: 0o600 });
    const link = join(dir, 'portwarden.json');
    await symlink('configs/real.json', link);
    const serve = startServe([], { cwd: dir });
    expect(await put(serve, { pollIntervalMs: 3000 })).toBe(200);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('configs/real.json');
    expect(JSON.parse(readFileSync(real, 'utf8'))).toMatchObject({ pollIntervalMs: 3000 });
    expect(mode(real)).toBe(0o600);
  });

  it.skipIf(!root)('never follows a symlink another user planted where a temp file could go', async () => {
    // A folder others may write to (not sticky, so the kernel's protected_symlinks does not
    // step in): nobody plants links at the temp names it can guess, aimed at a root file.
    dir = await mkdtemp(join(tmpdir(), 'pw-save-'));
    await chmod(dir, 0o777);
    const victim = join(tmpdir(), `pw-victim-${process.pid}-${Date.now()}`);
    await writeFile(victim, 'root only\n', { mode: 0o600 });
    try {
      await writeFile(join(dir, 'portwarden.json'), '{}\n', { mode: 0o600 });
      const serve = startServe([], { cwd: dir });
      await serve.base();
      const guesses = [`.portwarden.json.${serve.child.pid}.tmp`, '.portwarden.json.tmp', 'portwarden.json.tmp'];
      for (const name of guesses) {
        await new Promise<void>((resolve, reject) =>
          execFile('runuser', ['-u', 'nobody', '--', 'ln', '-s', victim, join(dir, name)], (error) => (error ? reject(error) : resolve())),
        );
      }
      expect(await put(serve, { pollIntervalMs: 2500 })).toBe(200);
      expect(readFileSync(victim, 'utf8')).toBe('root only\n');
      expect(JSON.parse(readFileSync(join(dir, 'portwarden.json'), 'utf8'))).toMatchObject({ pollIntervalMs: 2500 });
      expect(lstatSync(join(dir, 'portwarden.json')).isSymbolicLink()).toBe(false);
      expect(readdirSync(dir).sort()).toEqual([...guesses, 'portwarden.json'].sort());
    } finally {
      await rm(victim, { force: true });
    }
  });
});
