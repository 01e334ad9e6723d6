/**
 * Where `portwarden serve` takes its API token from, and who else can see it (issue 10,
 * item 2): PORTWARDEN_TOKEN and --token-file are the ways that keep it from other local
 * users, --token still works but warns, and no managed service inherits the token.
 * "Other local users" is the real user `nobody` (runuser), reading /proc as it would.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/processes.ts';

const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));
const TOKEN = 'a-token-nobody-else-may-see-0123';
const root = process.getuid?.() === 0;
if (!root)
  console.log('SKIPPED the "nobody" checks in serve-token.test.ts: running a process as another user needs root (CI runs as root)');

let dir = '';
const running: ChildProcess[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function tempDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'pw-token-'));
  await chmod(dir, 0o755); // nobody may look around; the token file stays private by its own mode
  return dir;
}

function serve(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  delete clean.PORTWARDEN_TOKEN;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...clean, ...env },
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = () => waitFor(() => /^Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1], 15_000, `Dashboard line (stderr: ${err})`);
  return { child, out: () => out, err: () => err, exit, base };
}

function runAsNobody(command: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('runuser', ['-u', 'nobody', '--', ...command], { timeout: 10_000 }, (error, stdout) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout });
    });
  });
}

const api = (base: string, path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('serve --token-file', () => {
  it('reads a private token file; nobody cannot find the token in /proc, and the API answers only with it', async () => {
    await tempDir();
    const file = join(dir, 'token');
    await writeFile(file, `${TOKEN}\n`, { mode: 0o600 });
    await writeFile(join(dir, 'portwarden.json'), '{}');
    const s = serve(['--token-file', file]);
    const base = await s.base();
    expect(s.out()).toContain(`#token=${TOKEN}`);
    expect(s.err()).toBe('');
    expect((await api(base, '/api/state', TOKEN)).status).toBe(200);
    expect((await api(base, '/api/state', 'x'.repeat(32))).status).toBe(401);
    if (root) {
      const cmdline = await runAsNobody(['cat', `/proc/${s.child.pid}/cmdline`]);
      expect(cmdline.code).toBe(0);
      expect(cmdline.stdout).toContain('--token-file');
      expect(cmdline.stdout).not.toContain(TOKEN);
      expect((await runAsNobody(['cat', file])).code).not.toBe(0);
      expect((await runAsNobody(['cat', `/proc/${s.child.pid}/environ`])).code).not.toBe(0);
    }
  });

  it.each([
    [
      'readable by others (0644)',
      async (f: string) => writeFile(f, TOKEN, { mode: 0o644 }),
      /open to other users \(mode 0644\); make it private: chmod 600/,
    ],
    ['readable by the group (0640)', async (f: string) => writeFile(f, TOKEN, { mode: 0o640 }), /open to other users \(mode 0640\)/],
    ['a folder', async (f: string) => mkdir(f, { mode: 0o700 }), /is not a regular file/],
    [
      'a FIFO (must not hang)',
      async (f: string) => new Promise<void>((r, j) => execFile('mkfifo', ['-m', '600', f], (e) => (e ? j(e) : r()))),
      /is not a regular file/,
    ],
    ['missing', async () => undefined, /cannot read --token-file .*: no such file/],
    ['too short', async (f: string) => writeFile(f, 'short\n', { mode: 0o600 }), /at least 16 characters/],
  ])('is refused (exit 2, nothing started) when %s', async (_what, make, message) => {
    await tempDir();
    const file = join(dir, 'token');
    await make(file);
    const marker = join(dir, 'started');
    await writeFile(join(dir, 'portwarden.json'), JSON.stringify({ services: [{ id: 'x', command: `touch ${marker}`, autoStart: true }] }));
    const s = serve(['--token-file', file]);
    expect(await s.exit).toBe(2);
    expect(s.err()).toMatch(message);
    expect(s.out()).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it.skipIf(!root)('is refused when another user owns it, even with mode 0600', async () => {
    await tempDir();
    const file = join(dir, 'token');
    await writeFile(file, TOKEN, { mode: 0o600 });
    await chown(file, 65534, 65534);
    const s = serve(['--token-file', file]);
    expect(await s.exit).toBe(2);
    expect(s.err()).toMatch(/belongs to uid 65534, not to the user running serve/);
  });

  it('--token and --token-file together are a usage error', async () => {
    await tempDir();
    const s = serve(['--token', TOKEN, '--token-file', join(dir, 'token')]);
    expect(await s.exit).toBe(2);
    expect(s.err()).toContain('give --token or --token-file, not both');
  });
});

describe('serve --token and PORTWARDEN_TOKEN', () => {
  it('--token still works, with a warning that every local user can read it', async () => {
    await tempDir();
    const s = serve(['--token', TOKEN]);
    const base = await s.base();
    expect((await api(base, '/api/state', TOKEN)).status).toBe(200);
    expect(s.err()).toContain('warning: --token puts the token on the command line, where every local user can read it');
    if (root) expect((await runAsNobody(['cat', `/proc/${s.child.pid}/cmdline`])).stdout).toContain(TOKEN); // why it warns
  });

  it('a managed service never sees PORTWARDEN_TOKEN (nor its children)', async () => {
    await tempDir();
    await writeFile(
      join(dir, 'portwarden.json'),
      JSON.stringify({
        services: [
          {
            id: 'leak',
            command:
              'echo "seen=[$PORTWARDEN_TOKEN]"; sh -c \'echo "child=[$PORTWARDEN_TOKEN]"\'; env | grep -c PORTWARDEN_TOKEN; sleep 30',
            autoStart: true,
          },
        ],
      }),
    );
    const s = serve([], { PORTWARDEN_TOKEN: TOKEN, OTHER_VARIABLE: 'kept' });
    const base = await s.base();
    const logs = await waitFor(
      async () => {
        const lines = (await (await api(base, '/api/services/leak/logs', TOKEN)).json()) as { stream: string; text: string }[];
        const out = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
        return out.length >= 3 ? out : null;
      },
      10_000,
      'the service output',
    );
    expect(logs).toEqual(['seen=[]', 'child=[]', '0']);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });
});
