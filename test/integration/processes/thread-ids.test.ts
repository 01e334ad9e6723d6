/**
 * Thread ids are not processes (issue 10, item 1). /proc/<tid> exists for every thread and
 * kill(tid) signals the whole process, so every path that signals must refuse a thread id
 * before anything is sent: the process table, the kill transaction, free, the control API
 * with its IPC handlers and tray actions, and `portwarden serve` over HTTP — for a thread of
 * a listener, of serve itself, of serve's parent, and of pid 1 of a pid namespace.
 *
 * Every thread here belongs to a process this test started (test/fixtures/processes/threaded.py);
 * "pid 1" is pid 1 of a namespace made with `unshare --pid --fork --mount-proc`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessTable } from '../../../electron/core/processes/index.ts';
import { createKillDeps } from '../../../electron/core/control/create-kill-deps.ts';
import { killProcess } from '../../../electron/core/processes/kill-process.ts';
import { freePort } from '../../../electron/core/processes/free-port.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import { createControlHandlers } from '../../../electron/shell/ipc-handlers.ts';
import { performTrayAction } from '../../../electron/shell/tray-actions.ts';
import type { KillAction } from '../../../electron/core/model/processes.ts';
import { alive, childrenOf, waitFor } from '../../support/processes.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

const THREADED = fileURLToPath(new URL('../../fixtures/processes/threaded.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));
const TOKEN = 'thread-test-token-0123456789';

interface Started {
  child: ChildProcess;
  out: () => string;
  ready: { pid: number; tid: number; port: number | null };
}

const groups: ChildProcess[] = [];
let dir = '';
let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  for (const child of groups.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** Start `command` detached (own group, killed after the test) and wait for threaded.py's ready line. */
async function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  groups.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const line = await waitFor(() => /^ready (.*)$/m.exec(out)?.[1], 15_000, `ready line from ${command} (${out})`);
  return { child, out: () => out, ready: JSON.parse(line) as Started['ready'] };
}

const threaded = (flags: string[] = []) => start('python3', [THREADED, ...flags]);

/** Thread ids of `pid` other than its main thread. */
function threadsOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter((t) => t !== pid);
}

function expectNotSignalled(action: KillAction, tid: number, ownerPid: number | null): void {
  expect(action).toMatchObject({ pid: tid, result: 'not-found', signal: null, signals: [] });
  if (ownerPid !== null) expect(action.reason).toContain(`it is a thread of`);
  if (ownerPid !== null) expect(action.reason).toContain(`pid ${ownerPid})`);
}

describe('the process table and the kill transaction', () => {
  it('a thread id is not a process: get() is null, threadOf() names the process', async () => {
    const p = await threaded();
    const table = createProcessTable();
    expect(await table.get(p.ready.tid)).toBeNull();
    expect(await table.threadOf!(p.ready.tid)).toBe(p.ready.pid);
    expect((await table.get(p.ready.pid))?.pid).toBe(p.ready.pid);
    expect(await table.threadOf!(p.ready.pid)).toBeNull();
    expect((await table.list()).some((e) => e.pid === p.ready.tid)).toBe(false);
  });

  it('killProcess(thread id) sends nothing and names the process the thread belongs to', async () => {
    const p = await threaded();
    const action = await killProcess(p.ready.tid, { graceMs: 200 }, createKillDeps());
    expectNotSignalled(action, p.ready.tid, p.ready.pid);
    expect(action.reason).toBe(`${p.ready.tid} is not a process id: it is a thread of python3 (pid ${p.ready.pid}); nothing was signalled`);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(p.ready.pid)).toBe(true);
  });

  it('freePort acting on a snapshot that names a thread id as the owner signals nothing', async () => {
    const p = await threaded(['--listen']);
    const port = p.ready.port!;
    const row = {
      port,
      address: '127.0.0.1',
      family: 'IPv4' as const,
      pid: p.ready.tid,
      name: 'python3',
      command: null,
      user: 'root',
      ppid: null,
      ...UNKNOWN_OWNER_DETAILS,
    };
    const result = await freePort(port, { graceMs: 200, snapshot: { takenAt: Date.now(), listeners: [row] } }, createKillDeps());
    expect(result.free).toBe(false);
    expect(result.actions.every((a) => a.signals.length === 0)).toBe(true);
    expectNotSignalled(
      result.actions.find((a) => a.pid === p.ready.tid)!,
      p.ready.tid,
      p.ready.pid,
    );
    expect(alive(p.ready.pid)).toBe(true);
  });
});

describe('the control API, its IPC handlers and the tray', () => {
  it('refuses thread ids of a listener and of a managed service, whatever the transport', async () => {
    const p = await threaded(['--listen']);
    control = createControl({
      config: { pollIntervalMs: 200, services: [{ id: 'svc', command: `exec python3 ${THREADED}` }] } as never,
      persistConfig: () => undefined,
    });
    await control.start();
    const svc = (await control.startService('svc')).service;
    const svcThread = await waitFor(() => threadsOf(svc.pid!)[0], 10_000, 'the service thread');

    expectNotSignalled(await control.killProcess(p.ready.tid), p.ready.tid, p.ready.pid);
    expectNotSignalled(await control.killProcess(svcThread), svcThread, svc.pid);

    const handlers = createControlHandlers(control);
    const viaIpc = await handlers.killProcess([p.ready.tid]);
    expect(viaIpc.ok).toBe(true);
    expectNotSignalled((viaIpc as { value: KillAction }).value, p.ready.tid, p.ready.pid);

    const errors: string[] = [];
    await performTrayAction(
      { type: 'kill-process', pid: p.ready.tid, port: p.ready.port! },
      {
        control,
        copyText: () => undefined,
        openDashboard: () => undefined,
        setStartAtLogin: () => undefined,
        importProjectFile: async () => undefined,
        quit: () => undefined,
        reportError: (_action, error) => errors.push((error as Error).message),
      },
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${p.ready.tid} is not a process id: it is a thread of python3 (pid ${p.ready.pid})`);

    await new Promise((r) => setTimeout(r, 300));
    expect(alive(p.ready.pid)).toBe(true);
    expect(alive(svc.pid!)).toBe(true);
    expect((await control.getState()).services[0]!.status).toBe('running');
  });
});

/** POST /api/processes/:pid/kill on a running serve. */
async function httpKill(base: string, pid: number): Promise<{ status: number; body: KillAction }> {
  const res = await fetch(`${base}/api/processes/${pid}/kill`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as KillAction };
}

const dashboard = (out: string) => /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];

describe('portwarden serve over HTTP', () => {
  it('thread ids of a listener, of serve itself and of its parent are refused; everyone lives', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-threads-'));
    await writeFile(join(dir, 'portwarden.json'), '{}');
    const listener = await threaded();
    // serve's parent is a process with a thread (threaded.py starts serve as its child).
    const parent = await start(
      'python3',
      [THREADED, '--', process.execPath, CLI, 'serve', '--port', '0', '--config', join(dir, 'portwarden.json')],
      {
        ...process.env,
        PORTWARDEN_TOKEN: TOKEN,
      },
    );
    const base = await waitFor(() => dashboard(parent.out()), 20_000, 'the Dashboard line');
    const servePid = childrenOf(parent.ready.pid)[0]!;
    const serveThread = threadsOf(servePid)[0]!;

    for (const [tid, owner] of [
      [listener.ready.tid, listener.ready.pid],
      [serveThread, servePid],
      [parent.ready.tid, parent.ready.pid],
    ] as const) {
      const res = await httpKill(base, tid);
      expect(res.status).toBe(200);
      expectNotSignalled(res.body, tid, owner);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect([alive(listener.ready.pid), alive(servePid), alive(parent.ready.pid)]).toEqual([true, true, true]);
    const state = await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(state.status).toBe(200);
  });

  it('in a pid namespace: a thread of pid 1 is refused like pid 1 itself, and pid 1 gets no signal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-threads-ns-'));
    await writeFile(join(dir, 'portwarden.json'), '{}');
    const marker = join(dir, 'pid1-signals.txt');
    // Inside the namespace threaded.py is pid 1 (it prints its thread id as numbered there)
    // and serve is its child, reading the namespace's own /proc.
    const ns = await start(
      'unshare',
      [
        '--pid',
        '--fork',
        '--mount-proc',
        '--kill-child',
        'python3',
        THREADED,
        '--marker',
        marker,
        '--',
        process.execPath,
        CLI,
        'serve',
        '--port',
        '0',
        '--config',
        join(dir, 'portwarden.json'),
      ],
      { ...process.env, PORTWARDEN_TOKEN: TOKEN },
    );
    expect(ns.ready.pid).toBe(1);
    const base = await waitFor(() => dashboard(ns.out()), 20_000, 'the Dashboard line');
    const initOutside = childrenOf(ns.child.pid!)[0]!;

    const thread = await httpKill(base, ns.ready.tid);
    expectNotSignalled(thread.body, ns.ready.tid, 1);
    const init = await httpKill(base, 1);
    expect(init.body).toMatchObject({ pid: 1, result: 'refused-protected', signals: [] });

    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
    expect(alive(initOutside)).toBe(true);
    expect((await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
