/**
 * Issue 9, points 5 and 6 (last sentence): a free that sees the port taken again within a
 * short window by a child of a surviving parent says so and names the parent — through the
 * control API (dashboard, tray) and the CLI; and a free or kill whose owner was replaced
 * since the user looked signals nothing and names the new owner. Real shell loops and
 * listeners, started and stopped here.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { PYTHON_LISTENER_SCRIPT } from '../../support/listeners.ts';
import { alive, killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { isPortFree } from '../../../electron/core/control/port-probes.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';

let control: ControlRuntime | null = null;
const loops: ChildProcess[] = [];
const reader = createSnapshotReader();

afterEach(async () => {
  await control?.stop();
  control = null;
  for (const loop of loops.splice(0)) {
    try {
      process.kill(-loop.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await killAllStarted();
});

/** `while true; do python3 listener.py …; sleep 0.3; done` in its own process group: it respawns the listener. */
async function respawningLoop(port: number): Promise<ChildProcess> {
  const script = `while true; do python3 ${PYTHON_LISTENER_SCRIPT} --host 127.0.0.1 --port ${port} --marker pw-respawn-loop; sleep 0.3; done`;
  const loop = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  loops.push(loop);
  await waitFor(async () => !(await isPortFree(reader, port)), 10_000, "the loop's listener");
  return loop;
}

function setup(): ControlRuntime {
  control = createControl({ config: { pollIntervalMs: 200 } as PortwardenConfig, persistConfig: () => undefined });
  return control;
}

describe('free against a respawning parent', () => {
  it('control API: not "free" but taken again, naming the parent shell loop (pid, command)', async () => {
    const port = await unusedPort();
    const loop = await respawningLoop(port);
    const c = setup();
    await c.start();
    const result = await c.freePort(port);
    expect(result.free).toBe(false);
    expect(result.actions[0]).toMatchObject({ result: 'exited', signals: ['SIGTERM'] });
    expect(result.respawned).toMatchObject({ parent: { pid: loop.pid, name: 'sh' } });
    expect(result.respawned!.parent!.command).toContain('while true; do python3');
    expect(result.respawned!.afterMs).toBeLessThan(2500);
    expect(result.respawned!.listeners[0]!.pid).not.toBe(result.actions[0]!.pid);
    expect(alive(loop.pid!)).toBe(true);
  });

  it('CLI: `portwarden free` says the port was taken again and names the parent', async () => {
    const port = await unusedPort();
    const loop = await respawningLoop(port);
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['electron/cli.ts', 'free', String(port)], { timeout: 30_000 }, (error, stdout) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout });
      });
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `Port ${port} was freed, then taken again \\d+ ms later: python3 \\(pid \\d+\\) holds ${port}, started again by sh \\(pid ${loop.pid}: sh -c while true; do python3 .*\\)\\. Stop that parent to free the port\\.`,
      ),
    );
  });

  it('CLI: a supervisor two levels up (its `sh -c` wrapper dies with the listener) is watched too, and named (trial C1)', async () => {
    const port = await unusedPort();
    // supervisor loop → sh -c "python3 …; exit $?" → python3: the shape of a managed service
    // under `portwarden serve` (serve → /bin/sh -c → uvicorn). The wrapper dies with its child.
    const inner = `python3 ${PYTHON_LISTENER_SCRIPT} --host 127.0.0.1 --port ${port} --marker pw-respawn-super; exit $?`;
    const script = `while true; do sh -c '${inner}'; sleep 0.3; done`;
    const loop = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    loops.push(loop);
    await waitFor(async () => !(await isPortFree(reader, port)), 10_000, "the supervisor's listener");
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['electron/cli.ts', 'free', String(port), '--json'], { timeout: 30_000 }, (error, stdout) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout });
      });
    });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as FreePortResult[] | FreePortResult;
    const one = Array.isArray(result) ? result[0]! : result;
    expect(one.free).toBe(false);
    expect(one.respawned).toMatchObject({ parent: { pid: loop.pid, name: 'sh' } });
    expect(alive(loop.pid!)).toBe(true);
  });

  it("no watch when nothing could respawn it: the parent is Portwarden's own ancestor (here, the test runner)", async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1');
    const c = setup();
    await c.start();
    const t0 = Date.now();
    const result = await c.freePort(port);
    expect(result).toMatchObject({ free: true });
    expect(result.respawned).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('the owner changed before the click', () => {
  it('a free with the owners the dialog listed signals nothing when another process holds the port now, and names it', async () => {
    const port = await unusedPort();
    control = createControl({ config: { pollIntervalMs: 150, ports: [{ port }] } as PortwardenConfig, persistConfig: () => undefined });
    await control.start();
    const a = await startListener(port, '127.0.0.1');
    const shown = await waitFor(
      async () => {
        const p = (await control!.getState()).ports[0]!;
        return p.listeners.length > 0 ? p : null;
      },
      5000,
      'A shown',
    );
    const owners = shown.listeners.map((l) => ({ pid: l.pid!, startTime: l.startTime, command: l.command }));
    expect(owners[0]!.pid).toBe(a.pid);
    // A is replaced by B before the click.
    await killAllStarted();
    const b = await startListener(port, '127.0.0.1');
    const result: FreePortResult = await control.freePort(port, { owners });
    expect(result).toMatchObject({ free: false, actions: [], refused: false });
    expect(result.ownerChanged!.map((l) => l.pid)).toEqual([b.pid]);
    expect(alive(b.pid)).toBe(true);
    // With the owners seen now, the same click frees it.
    const now = (await control.listListeners([port])).map((l) => ({ pid: l.pid!, command: l.command }));
    expect(await control.freePort(port, { owners: now })).toMatchObject({ free: true });
  });

  it('a kill whose pid was reused (another start time) signals nothing and says what runs there now', async () => {
    const port = await unusedPort();
    const b = await startListener(port, '127.0.0.1');
    const c = setup();
    await c.start();
    const action = await c.killProcess(b.pid, { startTime: '1', command: 'python3 -m http.server' });
    expect(action).toMatchObject({ pid: b.pid, result: 'identity-changed', signals: [] });
    expect(action.reason).toMatch(new RegExp(`pid ${b.pid} was reused: .*now: .*listener\\.mjs`));
    expect(alive(b.pid)).toBe(true);
  });
});
