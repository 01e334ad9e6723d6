/**
 * `portwarden run` as a real child process for the run tests: its output collected, waits on
 * what it prints, and cleanup that SIGKILLs every process group it reported starting (in case
 * a test failed before run could stop it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEV_SERVER = fileURLToPath(new URL('../../../fixtures/cli/dev-server.mjs', import.meta.url));
export const NODE = process.execPath;

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or 128 + signal number) once run has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until `re` matches stdout + stderr; rejects after `timeoutMs`. */
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
}

const groups = new Set<number>();
const clis = new Set<ChildProcess>();

export function startRun(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): RunningCli {
  const child = spawn(NODE, [fileURLToPath(new URL('../../../../electron/cli.ts', import.meta.url)), 'run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    cwd,
  });
  clis.add(child);
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = (): void => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    poke();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const m of err.matchAll(/started pid (\d+)/g)) groups.add(Number(m[1]));
    poke();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (re: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = re.exec(out + err);
        if (m) resolve(m);
        return m !== null;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}\n--- stdout\n${out}\n--- stderr\n${err}`)), timeoutMs);
      waiters.push(() => {
        if (check()) clearTimeout(timer);
      });
      void exited.then(() =>
        setTimeout(() => check() || reject(new Error(`run exited before ${re}\n--- stdout\n${out}\n--- stderr\n${err}`)), 50),
      );
    });
  return { child, stdout: () => out, stderr: () => err, exited, waitFor };
}

/** The JSON events run printed so far (--json). */
export function events(cli: RunningCli): { type: string; [key: string]: unknown }[] {
  return cli
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string });
}

/** SIGKILL every run still running and every process group run started. */
export function killRuns(): void {
  for (const child of clis) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  clis.clear();
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
  groups.clear();
}

/** Is any process of group `pgid` alive (zombies excluded)? Linux /proc. */
export { groupAlive } from '../../../../electron/core/platform/signals.ts';
