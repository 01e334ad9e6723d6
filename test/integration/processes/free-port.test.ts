/**
 * The kill transaction against real processes holding real sockets on this machine.
 * Each test starts its own listeners on ports the kernel picks, and kills them afterwards.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKillDeps } from '../../../electron/core/control/create-kill-deps.ts';
import { freePort } from '../../../electron/core/processes/free-port.ts';
import { killProcess } from '../../../electron/core/processes/kill-process.ts';
import { alive, canBind, killStarted, startListener, startPair } from './listeners.ts';

const deps = createKillDeps();
afterEach(killStarted);

async function ownersOf(port: number): Promise<number[]> {
  const snapshot = await deps.reader.read({ ports: [port] });
  return snapshot.listeners
    .filter((r) => r.port === port)
    .map((r) => r.pid as number)
    .sort((a, b) => a - b);
}

describe('freePort with real listeners', () => {
  it('SO_REUSEPORT pair: finds both owners and frees both', async () => {
    const [a, b] = await startPair(['--reuseport'], (port) => ['--reuseport', '--port', String(port)]);
    expect(await ownersOf(a.port)).toEqual([...a.pids, ...b.pids].sort((x, y) => x - y));
    const result = await freePort(a.port, { graceMs: 2000 }, deps);
    expect(result.free).toBe(true);
    expect(result.refused).toBe(false);
    expect(result.actions.map((x) => x.pid).sort()).toEqual([...a.pids, ...b.pids].sort());
    for (const action of result.actions) expect(action).toMatchObject({ signals: ['SIGTERM'], result: 'exited' });
    expect(await canBind(a.port, '127.0.0.1')).toBe(true);
  });

  it('IPv6-only [::1] listener', async () => {
    const l = await startListener(['--host', '::1']);
    const snapshot = await deps.reader.read({ ports: [l.port] });
    expect(snapshot.listeners.filter((r) => r.port === l.port)).toEqual([
      expect.objectContaining({ address: '::1', family: 'IPv6', pid: l.pids[0] }),
    ]);
    const result = await freePort(l.port, {}, deps);
    expect(result).toMatchObject({ free: true, actions: [{ pid: l.pids[0], result: 'exited' }] });
    expect(await canBind(l.port, '::1')).toBe(true);
  });

  it('127.0.0.1 and ::1 owners on one port: both found, both freed', async () => {
    const [v4, v6] = await startPair(['--host', '127.0.0.1'], (port) => ['--host', '::1', '--port', String(port)]);
    const rows = (await deps.reader.read({ ports: [v4.port] })).listeners.filter((r) => r.port === v4.port);
    expect(rows.map((r) => `${r.address} ${r.pid}`).sort()).toEqual([`127.0.0.1 ${v4.pids[0]}`, `::1 ${v6.pids[0]}`].sort());
    const result = await freePort(v4.port, {}, deps);
    expect(result.free).toBe(true);
    expect(result.actions).toHaveLength(2);
    expect(await canBind(v4.port, '127.0.0.1')).toBe(true);
    expect(await canBind(v4.port, '::1')).toBe(true);
  });

  it('listen-then-fork: parent and child share the socket; both are signalled through the group', async () => {
    const l = await startListener(['--fork']);
    expect(l.pids).toHaveLength(2);
    expect(await ownersOf(l.port)).toEqual([...l.pids].sort((a, b) => a - b));
    const result = await freePort(l.port, {}, deps);
    expect(result.free).toBe(true);
    const parent = result.actions.find((a) => a.pid === l.pids[0]);
    expect(parent).toMatchObject({ via: 'group', signals: ['SIGTERM'], result: 'exited' });
    expect(result.actions.find((a) => a.pid === l.pids[1])).toMatchObject({ result: 'exited' });
    for (const pid of l.pids) expect(alive(pid)).toBe(false);
  });

  it('a wrapper (sh stays the parent) whose child listens: the child is found and freed', async () => {
    const l = await startListener([], { wrapper: true, detached: false });
    expect(l.child.pid).not.toBe(l.pids[0]);
    expect(await ownersOf(l.port)).toEqual(l.pids);
    const result = await freePort(l.port, {}, deps);
    expect(result).toMatchObject({ free: true, actions: [{ pid: l.pids[0], via: 'tree', result: 'exited' }] });
    expect(await canBind(l.port, '127.0.0.1')).toBe(true);
  });

  it('a process that ignores SIGTERM gets SIGKILL at the grace deadline', async () => {
    const l = await startListener(['--ignore-term'], { detached: false });
    const result = await freePort(l.port, { graceMs: 300 }, deps);
    expect(result.free).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(result.actions).toEqual([
      expect.objectContaining({ pid: l.pids[0], signals: ['SIGTERM', 'SIGKILL'], signal: 'SIGKILL', result: 'exited' }),
    ]);
    expect(await canBind(l.port, '127.0.0.1')).toBe(true);
  });

  it('graceful close: the process lets go of the port and keeps running ("released")', async () => {
    const l = await startListener(['--close-on-term']);
    const result = await freePort(l.port, { graceMs: 2000 }, deps);
    expect(result).toMatchObject({ free: true, actions: [{ pid: l.pids[0], signals: ['SIGTERM'], result: 'released' }] });
    expect(alive(l.pids[0] as number)).toBe(true);
  });

  it('a process that closes its socket on SIGTERM and exits 300 ms later "exited", not "released the port and kept running"', async () => {
    // Seen under load (desktop-core.test.ts): the port was free before the process had finished exiting.
    const script =
      "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log('port ' + s.address().port)); process.on('SIGTERM', () => { s.close(); setTimeout(() => process.exit(0), 300); });";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const port = await new Promise<number>((resolve) =>
        child.stdout!.on('data', (d: Buffer) => resolve(Number(/port (\d+)/.exec(d.toString())?.[1]))),
      );
      const result = await freePort(port, { graceMs: 2000 }, deps);
      expect(result).toMatchObject({ free: true, actions: [{ pid: child.pid, signals: ['SIGTERM'], result: 'exited' }] });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a free port gives an empty, successful answer', async () => {
    const l = await startListener([]);
    killStarted();
    for (let i = 0; i < 100 && (await ownersOf(l.port)).length > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    const result = await freePort(l.port, {}, deps);
    expect(result).toMatchObject({ port: l.port, free: true, actions: [], refused: false });
  });
});

/** Real signals, recorded (the pid, or -pgid for a group, and the signal). */
function recordingDeps() {
  const sent: string[] = [];
  const recorded = {
    ...deps,
    sendSignal: (pid: number, signal: 'SIGTERM' | 'SIGKILL') => {
      sent.push(`${signal} ${pid}`);
      process.kill(pid, signal);
    },
  };
  return { sent, deps: recorded };
}

describe('what is sent', () => {
  it('SIGKILL goes only to the owner that is still holding the port, never to one that exited', async () => {
    const [stubborn, polite] = await startPair(['--reuseport', '--ignore-term'], (port) => ['--reuseport', '--port', String(port)], {
      detached: false,
    });
    const r = recordingDeps();
    const result = await freePort(stubborn.port, { graceMs: 300 }, r.deps);
    expect(result.free).toBe(true);
    expect(r.sent.filter((s) => s.startsWith('SIGKILL'))).toEqual([`SIGKILL ${stubborn.pids[0]}`]);
    expect(r.sent).toContain(`SIGTERM ${polite.pids[0]}`);
    expect(result.actions.find((a) => a.pid === polite.pids[0])).toMatchObject({ signals: ['SIGTERM'], result: 'exited' });
  });

  it('a group leader is signalled as a group: kill(-pgid)', async () => {
    const l = await startListener(['--fork']);
    const r = recordingDeps();
    await freePort(l.port, {}, r.deps);
    expect(r.sent[0]).toBe(`SIGTERM -${l.pids[0]}`);
  });

  it('re-verifies identity before SIGKILL: a pid whose start time changed meanwhile is not killed', async () => {
    const l = await startListener(['--ignore-term'], { detached: false });
    const pid = l.pids[0] as number;
    const r = recordingDeps();
    let termSent = false;
    // The OS process table as it would look if the pid had been reused after SIGTERM.
    const reused = {
      ...r.deps,
      sendSignal: (target: number, signal: 'SIGTERM' | 'SIGKILL') => {
        r.deps.sendSignal(target, signal);
        termSent = true;
      },
      processes: {
        list: () => deps.processes.list(),
        get: async (p: number) => {
          const real = await deps.processes.get(p);
          return real && termSent && p === pid ? { ...real, startTime: 'reused' } : real;
        },
      },
    };
    const result = await freePort(l.port, { graceMs: 200 }, reused);
    expect(r.sent).toEqual([`SIGTERM ${pid}`]);
    expect(result.actions[0]).toMatchObject({ pid, result: 'identity-changed', signals: ['SIGTERM'] });
    expect(result.free).toBe(false);
    expect(alive(pid)).toBe(true);
  });
});

/**
 * For protected targets: records what would be sent and sends nothing, so a broken refusal
 * fails the test instead of signalling init or the test runner itself.
 */
function dryRunDeps() {
  const sent: string[] = [];
  return { sent, deps: { ...deps, sendSignal: (pid: number, signal: 'SIGTERM' | 'SIGKILL') => void sent.push(`${signal} ${pid}`) } };
}

describe('identity and protection', () => {
  it('a stale snapshot row whose command no longer matches is not signalled', async () => {
    const l = await startListener([]);
    const snapshot = await deps.reader.read({ ports: [l.port] });
    const stale = { ...snapshot, listeners: snapshot.listeners.map((r) => ({ ...r, command: 'python3 some-other-server.py' })) };
    const result = await freePort(l.port, { snapshot: stale }, deps);
    expect(result.actions).toEqual([expect.objectContaining({ pid: l.pids[0], result: 'identity-changed', signals: [] })]);
    expect(result.free).toBe(false);
    expect(alive(l.pids[0] as number)).toBe(true);
  });

  it('an expected start time that does not match (pid reused) is not signalled', async () => {
    const l = await startListener([]);
    const result = await freePort(l.port, { expected: [{ pid: l.pids[0] as number, startTime: '1' }] }, deps);
    expect(result.actions[0]).toMatchObject({ result: 'identity-changed', signals: [] });
    expect(result.actions[0]?.reason).toMatch(/reused/);
    expect(alive(l.pids[0] as number)).toBe(true);
  });

  it('refuses pid 1 and our own process', async () => {
    const dry = dryRunDeps();
    expect(await killProcess(1, { graceMs: 0 }, dry.deps)).toMatchObject({ pid: 1, result: 'refused-protected', signals: [] });
    const self = await killProcess(process.pid, { graceMs: 0 }, dry.deps);
    expect(self).toMatchObject({ result: 'refused-protected', signals: [] });
    expect(self.reason).toMatch(/Portwarden itself/);
    expect(dry.sent).toEqual([]);
  });

  it('refuses to free a port held by our own process, and nothing is signalled', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const dry = dryRunDeps();
    try {
      const result = await freePort(port, { graceMs: 200 }, dry.deps);
      expect(dry.sent).toEqual([]);
      expect(result).toMatchObject({ free: false, refused: true });
      expect(result.actions).toEqual([expect.objectContaining({ pid: process.pid, result: 'refused-protected', signals: [] })]);
      expect(server.listening).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('EPERM is reported as "owned by another user — run elevated"', async () => {
    const l = await startListener([]);
    const eperm = Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    // The OS signal sender is the injected part: as root we can't be refused for real here.
    const result = await freePort(
      l.port,
      {},
      {
        ...deps,
        sendSignal: () => {
          throw eperm;
        },
      },
    );
    expect(result.actions[0]).toMatchObject({ result: 'permission-denied', signals: [] });
    expect(result.actions[0]?.reason).toMatch(/owned by another user — run elevated/);
    expect(result.refused).toBe(true);
  });

  it('a target that survives a refused SIGKILL is "permission-denied" (a refused target), not "still-running"', async () => {
    const l = await startListener(['--ignore-term'], { detached: false });
    const eperm = Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    const sendSignal = (pid: number, signal: 'SIGTERM' | 'SIGKILL') => {
      if (signal === 'SIGKILL') throw eperm;
      process.kill(pid, signal);
    };
    const result = await freePort(l.port, { graceMs: 200 }, { ...deps, sendSignal });
    expect(result).toMatchObject({ free: false, refused: true });
    expect(result.actions).toEqual([expect.objectContaining({ pid: l.pids[0], result: 'permission-denied', signals: ['SIGTERM'] })]);
    expect(result.actions[0]?.reason).toMatch(/SIGKILL refused: owned by another user — run elevated/);
    expect(alive(l.pids[0] as number)).toBe(true);
  });
});

describe('killProcess with real processes', () => {
  it('kills a wrapper and the child it started (the tree)', async () => {
    const l = await startListener([], { wrapper: true, detached: false });
    const action = await killProcess(l.child.pid as number, { port: l.port }, deps);
    expect(action).toMatchObject({ pid: l.child.pid, via: 'tree', signals: ['SIGTERM'], result: 'exited', alsoSignalled: l.pids });
    expect(alive(l.pids[0] as number)).toBe(false);
    expect(await canBind(l.port, '127.0.0.1')).toBe(true);
  });

  it('escalates to SIGKILL for a SIGTERM-ignorer without a port', async () => {
    const l = await startListener(['--ignore-term']);
    const action = await killProcess(l.pids[0] as number, { graceMs: 200 }, deps);
    expect(action).toMatchObject({ signals: ['SIGTERM', 'SIGKILL'], result: 'exited', via: 'group' });
  });

  it('a pid that does not exist is "not-found" and nothing is sent', async () => {
    const l = await startListener([]);
    const pid = l.pids[0] as number;
    killStarted();
    for (let i = 0; i < 100 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await killProcess(pid, {}, deps)).toMatchObject({ pid, result: 'not-found', signals: [] });
  });
});
