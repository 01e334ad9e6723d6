/**
 * `portwarden serve` as a real process: the one-line output, the API behind it, a clean
 * shutdown that leaves no service process behind, and an invalid config that starts nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, childrenOf, killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';

const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));
let dir = '';
let proc: ChildProcess | null = null;
/** Service process groups a test saw; killed afterwards so a failing test leaves no orphan. */
const groups: number[] = [];

afterEach(async () => {
  await killAllStarted();
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone (the expected case).
    }
  }
  if (proc && proc.exitCode === null) {
    proc.kill('SIGKILL');
    await new Promise((r) => proc!.once('exit', r));
  }
  proc = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

function serve(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  proc = child;
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

const TOKEN = 'a-test-token-that-is-long';

/**
 * Serve a config with one autoStart wrapper service on a free port and wait until it runs and
 * holds its port. Returns the serve process, its Dashboard line, and the service's pids.
 */
async function serveOneService(id: string, command: (port: number) => string, graceMs: number) {
  dir = await mkdtemp(join(tmpdir(), 'pw-serve-'));
  const port = await unusedPort();
  await writeFile(
    join(dir, 'portwarden.json'),
    JSON.stringify({ pollIntervalMs: 300, services: [{ id, command: command(port), port, autoStart: true, graceMs }] }),
  );
  const s = serve(['--port', '0'], dir, { ...process.env, PORTWARDEN_TOKEN: TOKEN });
  const line = await waitFor(() => (s.out().includes('\n') ? s.out() : null), 15_000, 'dashboard line');
  const base = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)![1]!;
  const state = await waitFor(
    async () => {
      const st = (await (await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
        services: { pid: number | null; status: string }[];
        ports: { status: string }[];
      };
      return st.services[0]!.status === 'running' && st.ports[0]!.status === 'ok' ? st : null;
    },
    10_000,
    'service running and listening',
  );
  const servicePid = state.services[0]!.pid!;
  groups.push(servicePid);
  const kids = childrenOf(servicePid);
  expect(kids.length).toBeGreaterThan(0);
  return { s, line, base, port, servicePid, kids };
}

describe('portwarden serve', () => {
  it('prints one Dashboard line, serves the API, and stops its services on SIGTERM', async () => {
    const { s, line, base, port, servicePid, kids } = await serveOneService(
      'web',
      (p) => `python3 -m http.server ${p} --bind 127.0.0.1 & wait`,
      1000,
    );
    expect(line).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=a-test-token-that-is-long\n$/);
    expect((await fetch(`${base}/api/state`)).status).toBe(401);

    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    for (const pid of [servicePid, ...kids]) expect(alive(pid), `pid ${pid}`).toBe(false);
    const rows = (await createSnapshotReader().read({ ports: [port] })).listeners;
    expect(rows).toEqual([]);
    expect(s.out().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a second signal cuts the grace short but still stops the services (no orphan)', async () => {
    // The service ignores SIGTERM and has a 60 s grace: only SIGKILL of its group ends it soon.
    const { s, port, servicePid, kids } = await serveOneService(
      'stubborn',
      (p) => `trap '' TERM; python3 -m http.server ${p} --bind 127.0.0.1 & wait`,
      60_000,
    );
    s.child.kill('SIGTERM');
    await waitFor(() => (s.err().includes('stopping services') ? true : null), 5000, 'first signal seen');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.child.exitCode).toBeNull(); // still in its (long) grace period
    const sentAt = Date.now();
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    for (const pid of [servicePid, ...kids]) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect((await createSnapshotReader().read({ ports: [port] })).listeners).toEqual([]);
  });

  it('a random token when none is given', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-serve-'));
    const s = serve(['--port', '0'], dir);
    const line = await waitFor(() => (s.out().includes('\n') ? s.out() : null), 15_000, 'dashboard line');
    const token = /#token=([A-Za-z0-9_-]+)$/m.exec(line)![1]!;
    expect(token.length).toBe(32);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  it('an invalid config names the field, exits 2 and starts nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-serve-'));
    const marker = join(dir, 'started');
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ ports: [{ port: 70000 }], services: [{ id: 'x', command: `touch ${marker}`, autoStart: true }] }),
    );
    const s = serve(['--port', '0', '--config', 'bad.json'], dir);
    expect(await s.exit).toBe(2);
    expect(s.err()).toContain('ports[0].port must be <= 65535');
    expect(s.err()).toContain('nothing was started');
    expect(s.out()).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('malformed JSON is reported with its position', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-serve-'));
    await writeFile(join(dir, 'portwarden.json'), '{\n  "ports": [\n    { "port": 8000 }\n  ],,\n}\n');
    const s = serve(['--port', '0'], dir);
    expect(await s.exit).toBe(2);
    expect(s.err()).toMatch(/not valid JSON at line 4, column \d+/);
  });

  it('a taken --port names its holder and says how to free it; nothing is started', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-serve-'));
    const marker = join(dir, 'started');
    await writeFile(join(dir, 'portwarden.json'), JSON.stringify({ services: [{ id: 'x', command: `touch ${marker}`, autoStart: true }] }));
    const port = await unusedPort();
    const holder = await startListener(port, '127.0.0.1');
    const s = serve(['--port', String(port)], dir);
    expect(await s.exit).toBe(1);
    expect(s.err()).toBe(
      `portwarden serve: cannot listen: 127.0.0.1:${port} is already in use (node (pid ${holder.pid}) holds ${port}); free it with \`portwarden free ${port}\`, or pick another --port (0 = any free one)\n`,
    );
    expect(s.out()).toBe('');
    expect(existsSync(marker)).toBe(false);
  });
});
