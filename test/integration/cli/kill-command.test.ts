/**
 * `portwarden kill PID...` (electron/cli/kill-command.ts): the kill transaction the dashboard
 * uses, from a terminal. Real listeners: a reloader-style pair sharing a socket, SO_REUSEPORT
 * neighbours, SIGTERM-ignorers, and a process with a second thread (its thread id is refused).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { KillAction } from '../../../electron/core/model/processes.ts';
import { alive, canBind, killStarted, startListener, startPair } from '../processes/listeners.ts';
import { killAllStarted, startDetached } from '../../support/processes.ts';

afterEach(async () => {
  killStarted();
  await killAllStarted();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const THREADED = fileURLToPath(new URL('../../fixtures/processes/threaded.py', import.meta.url));

describe('portwarden kill', () => {
  it('a reloader parent (listen, then fork): the parent and its worker go, the port is free', async () => {
    const pair = await startListener(['--fork']);
    const [parent, worker] = pair.pids as [number, number];
    const run = await cli('kill', String(parent), '--grace', '1000', '--json');
    expect(run.code).toBe(0);
    const [action] = JSON.parse(run.stdout) as KillAction[];
    expect(action).toMatchObject({ pid: parent, name: 'python3', signals: ['SIGTERM'], result: 'exited', via: 'group' });
    expect(action?.alsoSignalled).toContain(worker);
    expect(alive(parent) || alive(worker)).toBe(false);
    expect(await canBind(pair.port, '127.0.0.1')).toBe(true);
  });

  it('keeps one listener and stops the other (SO_REUSEPORT neighbours)', async () => {
    const [keep, stop] = await startPair(['--reuseport'], (port) => ['--reuseport', '--port', String(port)]);
    const run = await cli('kill', String(stop.pids[0]));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^\\s*PID\\s+NAME\\s+SIGNALS\\s+RESULT\\s+DETAIL\\n\\s*${stop.pids[0]}\\s+python3\\s+SIGTERM\\s+exited`),
    );
    expect(alive(stop.pids[0] as number)).toBe(false);
    expect(alive(keep.pids[0] as number)).toBe(true);
    expect(await canBind(keep.port, '127.0.0.1')).toBe(false);
  });

  it('a thread id is refused: exit 2, nothing signalled, the process named', async () => {
    const proc = await startDetached('python3', [THREADED], /^ready /m);
    const ready = JSON.parse(/^ready (.*)$/m.exec(proc.output())?.[1] ?? '{}') as { pid: number; tid: number };
    expect(ready.tid).not.toBe(ready.pid);
    const run = await cli('kill', String(ready.tid), '--grace', '200', '--json');
    expect(run.code).toBe(2);
    const [action] = JSON.parse(run.stdout) as KillAction[];
    expect(action).toMatchObject({ pid: ready.tid, signal: null, signals: [], result: 'not-found' });
    expect(action?.reason).toContain(`is not a process id: it is a thread of python3 (pid ${ready.pid})`);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(ready.pid)).toBe(true);
  });

  it('several pids at once: two SIGTERM-ignorers die together (one grace period), both escalated to SIGKILL', async () => {
    const a = await startListener(['--ignore-term']);
    const b = await startListener(['--ignore-term']);
    // When each died, as their parent (this test) sees it: load cannot blur this, unlike wall time.
    const deaths = [a, b].map((l) => new Promise<number>((resolve) => l.child.once('exit', () => resolve(performance.now()))));
    const run = await cli('kill', String(a.pids[0]), String(b.pids[0]), '--grace', '1000', '--json');
    expect(run.code).toBe(0);
    const actions = JSON.parse(run.stdout) as KillAction[];
    expect(actions.map((x) => [x.pid, x.signals, x.result])).toEqual([
      [a.pids[0], ['SIGTERM', 'SIGKILL'], 'exited'],
      [b.pids[0], ['SIGTERM', 'SIGKILL'], 'exited'],
    ]);
    // One after another they would die a grace period apart.
    const [ta, tb] = await Promise.all(deaths);
    expect(Math.abs((ta as number) - (tb as number))).toBeLessThan(1000);
  });

  it('bad input signals nothing: exit 2 and the reason', async () => {
    const l = await startListener([]);
    for (const args of [['kill'], ['kill', 'abc'], ['kill', String(l.pids[0]), '0'], ['kill', String(l.pids[0]), '--grace', '-1']]) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error|PID/);
    }
    expect(alive(l.pids[0] as number)).toBe(true);
  });

  it('a pid nobody saw and nothing runs as (above pid_max here) is "no process with pid N", never "had already exited"', async () => {
    const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    const pid = pidMax + 1;
    const run = await cli('kill', String(pid));
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^\\s*${pid}\\s+\\?\\s+-\\s+not-found\\s+no process with pid ${pid}$`, 'm'));
    expect(run.stdout).not.toContain('already exited');
    const json = await cli('kill', String(pid), '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { pid, name: null, signal: null, signals: [], result: 'not-found', reason: `no process with pid ${pid}` },
    ]);
  });
});
