/**
 * Windows can't run here, so the taskkill plan is checked against a recorded model of what
 * Windows does: taskkill exit codes (0 ok, 1 failed, 128 not found) and the netstat rows
 * that follow. Only exit codes are used; taskkill's translated output is never read.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../electron/core/processes/free-port.ts';
import { killProcess } from '../../../electron/core/processes/kill-process.ts';
import type { KillDeps } from '../../../electron/core/processes/kill-deps.ts';
import type { ProcessIdentity } from '../../../electron/core/model/processes.ts';
import { runTaskkill, taskkillArgs, taskkillOutcome } from '../../../electron/core/platform/taskkill.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

/** How a process answers taskkill: recorded behaviours of real Windows programs. */
type Behaviour =
  | 'closes' // GUI program: /T exits 0 and it closes
  | 'console' // node.exe, python.exe: /T exits 1 ("can only be terminated forcefully"), /F works
  | 'stubborn' // /T exits 0 but the program keeps running until /F
  | 'denied'; // another user's service: /T and /F exit 1

interface WinProc {
  identity: ProcessIdentity;
  ports: number[];
  behaviour: Behaviour;
}

function windows(procs: WinProc[]) {
  const live = new Map(procs.map((p) => [p.identity.pid, p]));
  const calls: string[] = [];
  let clock = 1_000;
  const rows = (port: number): ListenerRecord[] =>
    [...live.values()]
      .filter((p) => p.ports.includes(port))
      .flatMap((p) => [
        {
          port,
          address: '0.0.0.0',
          family: 'IPv4' as const,
          pid: p.identity.pid,
          name: p.identity.name,
          command: p.identity.command,
          user: null,
          ppid: p.identity.ppid,
          ...UNKNOWN_OWNER_DETAILS,
        },
        {
          port,
          address: '::',
          family: 'IPv6' as const,
          pid: p.identity.pid,
          name: p.identity.name,
          command: p.identity.command,
          user: null,
          ppid: p.identity.ppid,
          ...UNKNOWN_OWNER_DETAILS,
        },
      ]);
  const deps: KillDeps = {
    platform: 'win32',
    selfPid: 7777,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    reader: { read: async (o) => ({ takenAt: clock, listeners: (o?.ports ?? []).flatMap(rows) }) },
    processes: {
      get: async (pid) => live.get(pid)?.identity ?? null,
      list: async () => [...live.values()].map((p) => p.identity),
    },
    sendSignal: () => {
      throw new Error('no POSIX signals on Windows');
    },
    runCommand: async (file, args) => {
      calls.push([file, ...args].join(' '));
      const pid = Number(args[1]);
      const force = args.includes('/F');
      const p = live.get(pid);
      // Like execFile: exit 0 resolves, any other exit rejects with the status as `code`.
      const exited = (code: number) => Object.assign(new Error(`taskkill exited with ${code}`), { code });
      if (!p) throw exited(128);
      const dies = p.behaviour === 'closes' || (force && p.behaviour !== 'denied');
      if (dies) live.delete(pid);
      const exitCode = p.behaviour === 'denied' || (p.behaviour === 'console' && !force) ? 1 : 0;
      if (exitCode !== 0) throw exited(exitCode);
      return { stdout: '', stderr: '' };
    },
  };
  return { deps, calls, live };
}

const win = (pid: number, name: string, startTime = 'st'): ProcessIdentity => ({
  pid,
  ppid: 600,
  name,
  command: `${name} server.js`,
  user: null,
  startTime,
  pgid: null,
});

describe('taskkill plan', () => {
  it('asks politely, then forces, always for the whole tree', () => {
    expect(taskkillArgs(33584, 'SIGTERM')).toEqual(['/PID', '33584', '/T']);
    expect(taskkillArgs(33584, 'SIGKILL')).toEqual(['/PID', '33584', '/T', '/F']);
  });
  it('runTaskkill reads the exit status from the shared runner; a runner that cannot start taskkill is a failure', async () => {
    const rejectWith = (code: unknown) => async () => {
      throw Object.assign(new Error('x'), { code });
    };
    expect(await runTaskkill(5, 'SIGTERM', async () => ({ stdout: 'ERFOLGREICH', stderr: '' }))).toEqual({ outcome: 'sent', exitCode: 0 });
    expect(await runTaskkill(5, 'SIGTERM', rejectWith(128))).toEqual({ outcome: 'not-found', exitCode: 128 });
    expect(await runTaskkill(5, 'SIGKILL', rejectWith('ENOENT'))).toEqual({ outcome: 'failed', exitCode: -1 });
  });
  it('reads only the exit code', () => {
    expect(taskkillOutcome(0)).toBe('sent');
    expect(taskkillOutcome(128)).toBe('not-found');
    expect(taskkillOutcome(1)).toBe('failed');
  });
});

describe('freePort on Windows (recorded taskkill behaviour)', () => {
  it('a program that closes on /T: one taskkill, port free', async () => {
    const w = windows([{ identity: win(4242, 'app.exe'), ports: [8080], behaviour: 'closes' }]);
    const result = await freePort(8080, {}, w.deps);
    expect(w.calls).toEqual(['taskkill /PID 4242 /T']);
    expect(result.free).toBe(true);
    expect(result.actions).toEqual([expect.objectContaining({ pid: 4242, signals: ['SIGTERM'], result: 'exited', via: 'taskkill' })]);
  });

  it('a console program: /T fails, so /F follows at once without waiting the grace period', async () => {
    const w = windows([{ identity: win(33584, 'node.exe'), ports: [8080], behaviour: 'console' }]);
    const result = await freePort(8080, { graceMs: 3000 }, w.deps);
    expect(w.calls).toEqual(['taskkill /PID 33584 /T', 'taskkill /PID 33584 /T /F']);
    expect(result.free).toBe(true);
    expect(result.elapsedMs).toBeLessThan(3000);
    expect(result.actions[0]).toMatchObject({ signals: ['SIGKILL'], result: 'exited' });
  });

  it('a program that ignores /T is forced at the grace deadline', async () => {
    const w = windows([{ identity: win(5000, 'stubborn.exe'), ports: [3000], behaviour: 'stubborn' }]);
    const result = await freePort(3000, { graceMs: 500, pollMs: 50 }, w.deps);
    expect(w.calls).toEqual(['taskkill /PID 5000 /T', 'taskkill /PID 5000 /T /F']);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(result.actions[0]).toMatchObject({ signals: ['SIGTERM', 'SIGKILL'], signal: 'SIGKILL', result: 'exited' });
    expect(result.free).toBe(true);
  });

  it('access denied: reported as permission-denied (a refused target, CLI exit 2), port still held', async () => {
    const w = windows([{ identity: win(6000, 'sqlservr.exe'), ports: [1433], behaviour: 'denied' }]);
    const result = await freePort(1433, { graceMs: 100 }, w.deps);
    expect(w.calls).toEqual(['taskkill /PID 6000 /T', 'taskkill /PID 6000 /T /F']);
    expect(result).toMatchObject({ free: false, refused: true });
    expect(result.actions[0]).toMatchObject({ result: 'permission-denied', signals: [] });
    expect(result.actions[0]?.reason).toMatch(/owned by another user — run elevated/);
  });

  it('PID 4 (System, http.sys) is refused and taskkill never runs', async () => {
    const w = windows([{ identity: { ...win(4, 'System'), ppid: 0 }, ports: [80], behaviour: 'denied' }]);
    const result = await freePort(80, {}, w.deps);
    expect(w.calls).toEqual([]);
    expect(result).toMatchObject({ free: false, refused: true });
    expect(result.actions[0]).toMatchObject({ pid: 4, result: 'refused-protected', signals: [] });
  });

  it('svchost.exe is refused as a system service', async () => {
    const w = windows([{ identity: win(1200, 'svchost.exe'), ports: [135], behaviour: 'denied' }]);
    const result = await freePort(135, {}, w.deps);
    expect(w.calls).toEqual([]);
    expect(result.actions[0]?.reason).toMatch(/system service/);
  });

  it('a pid reused since the snapshot is not signalled', async () => {
    const w = windows([{ identity: win(4242, 'app.exe', '2026-11-22T10:00'), ports: [8080], behaviour: 'closes' }]);
    const result = await freePort(8080, { expected: [{ pid: 4242, startTime: '2026-11-22T09:00' }] }, w.deps);
    expect(w.calls).toEqual([]);
    expect(result.actions[0]).toMatchObject({ result: 'identity-changed', signals: [] });
  });

  it('a free port: no taskkill, empty successful answer', async () => {
    const w = windows([]);
    const result = await freePort(8080, {}, w.deps);
    expect(result).toMatchObject({ port: 8080, free: true, actions: [], refused: false });
    expect(w.calls).toEqual([]);
  });

  it('killProcess: /T then /T /F at the deadline for a stubborn program', async () => {
    const w = windows([{ identity: win(5000, 'stubborn.exe'), ports: [], behaviour: 'stubborn' }]);
    const action = await killProcess(5000, { graceMs: 200 }, w.deps);
    expect(w.calls).toEqual(['taskkill /PID 5000 /T', 'taskkill /PID 5000 /T /F']);
    expect(action).toMatchObject({ signals: ['SIGTERM', 'SIGKILL'], result: 'exited' });
  });
});
