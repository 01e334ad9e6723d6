/**
 * Real processes for the dashboard e2e and the screenshot script: free loopback ports,
 * listener processes, and `portwarden serve` itself. Everything started here is in its own
 * process group and stopped with stopAll().
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const started = new Set<ChildProcess>();

/** True when something accepts connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/** Bind the port from this process and release it: proves the port really is free. */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function waitFor<T>(what: string, get: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** A plain listener (the "rogue"): python3's http.server on 127.0.0.1:port. */
export async function startListener(port: number, cwd: string): Promise<ChildProcess> {
  const child = track(
    spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], { cwd, detached: true, stdio: 'ignore' }),
  );
  await waitFor(`a listener on ${port}`, async () => (await isListening(port)) || undefined);
  return child;
}

/** A listener that is not HTTP (node: accepts and closes at once) on 127.0.0.1:port. */
export async function startRawListener(port: number, cwd: string): Promise<ChildProcess> {
  const script = `require('node:net').createServer((c) => c.end()).listen(${port}, '127.0.0.1')`;
  const child = track(spawn(process.execPath, ['-e', script], { cwd, detached: true, stdio: 'ignore' }));
  await waitFor(`a listener on ${port}`, async () => (await isListening(port)) || undefined);
  return child;
}

export interface Serve {
  child: ChildProcess;
  /** The printed dashboard URL, token fragment included. */
  url: string;
  origin: string;
  token: string;
  output(): string;
}

/** The renderer must be built for the server to serve it; build it once when missing. */
export function ensureRendererBuilt(): void {
  if (existsSync(join(REPO, 'dist', 'renderer', 'index.html'))) return;
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts'],
    { cwd: REPO, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('vite build of the dashboard failed');
}

/**
 * `portwarden serve --port 0 [--config FILE]` from source (Node 24 strips the types), as a
 * real child process; resolves with the URL from its "Dashboard: …" line.
 */
export async function startServe(configPath: string | null, env: NodeJS.ProcessEnv = process.env, cwd: string = REPO): Promise<Serve> {
  const cli =
    existsSync(join(REPO, 'dist', 'electron', 'cli.js')) && process.env.PORTWARDEN_E2E_FROM_SOURCE !== '1'
      ? join(REPO, 'dist', 'electron', 'cli.js')
      : join(REPO, 'electron', 'cli.ts');
  let out = '';
  // configPath null: no --config, so serve looks for portwarden.json in `cwd` (a first run when there is none).
  const args = [cli, 'serve', '--port', '0', ...(configPath !== null ? ['--config', configPath] : [])];
  const child = track(spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await waitFor(
    'the "Dashboard:" line of portwarden serve',
    () => {
      if (child.exitCode !== null) throw new Error(`portwarden serve exited with ${child.exitCode}:\n${out}`);
      return /Dashboard: (http:\/\/\S+)/.exec(out)?.[1];
    },
    30_000,
  );
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return { child, url, origin: parsed.origin, token, output: () => out };
}

/** SIGTERM every process group we started, then SIGKILL what is left. */
export async function stopAll(): Promise<void> {
  const children = [...started];
  for (const c of children) signalGroup(c, 'SIGTERM');
  const end = Date.now() + 8000;
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const c of children) if (c.exitCode === null && c.signalCode === null) signalGroup(c, 'SIGKILL');
}

function signalGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  if (c.pid === undefined) return;
  try {
    process.kill(-c.pid, signal);
  } catch {
    try {
      c.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Safety net after stopAll(): SIGKILL any process still running inside the scenario's
 * temporary directory (managed services Portwarden started there, should serve have been
 * killed before it could stop them). Linux only (/proc); elsewhere a no-op.
 */
export function killLeftoversIn(dir: string): number[] {
  if (process.platform !== 'linux') return [];
  const killed: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (cwd === dir || cwd.startsWith(`${dir}/`) || cwd === `${dir} (deleted)`) {
      try {
        process.kill(Number(entry), 'SIGKILL');
        killed.push(Number(entry));
      } catch {
        // exited meanwhile
      }
    }
  }
  return killed;
}
