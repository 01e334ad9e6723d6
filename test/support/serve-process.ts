/**
 * `portwarden serve` as a real child process for integration tests: started from the
 * source CLI with a token from PORTWARDEN_TOKEN, its Dashboard line awaited, stopped with
 * SIGTERM (then SIGKILL) by stopAllServes() — call it in afterEach.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './processes.ts';

export const CLI_SOURCE = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));
export const SERVE_TOKEN = 'serve-process-test-token-0123456789';

export interface ServeProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  exit: Promise<number | null>;
  /** The http://127.0.0.1:PORT base once the Dashboard line is out (rejects after 20 s). */
  base(): Promise<string>;
  /** fetch `path` with the token. */
  api(path: string, init?: RequestInit): Promise<Response>;
}

const started = new Set<ChildProcess>();

export function startServe(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ServeProcess {
  const env = { ...process.env, PORTWARDEN_TOKEN: SERVE_TOKEN, ...options.env };
  const child = spawn(process.execPath, [CLI_SOURCE, 'serve', '--port', '0', ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let baseUrl: Promise<string> | null = null;
  const base = (): Promise<string> =>
    (baseUrl ??= waitFor(
      () => /^Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1],
      20_000,
      `serve's Dashboard line (stderr: ${err})`,
    ));
  const token = env.PORTWARDEN_TOKEN;
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    base,
    api: async (path, init = {}) =>
      fetch(`${await base()}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      }),
  };
}

export async function stopAllServes(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      started.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }),
  );
}
