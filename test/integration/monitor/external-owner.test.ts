/**
 * Issue 9, point 7 (seed 001): a port owned by something Portwarden does not run. The owner
 * matcher on real listeners (matching; a different command, user, cwd, systemd unit), a
 * health probe answered by a non-matching owner, and an external restart loop — a real
 * shell loop writing "Address already in use" to its log file while a rogue holds the
 * port — that raises bind-loop; freeing the rogue lets the loop bind and the port returns
 * to ok. Every process here is started and stopped by the test.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortState } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig, WatchedPortConfig } from '../../../electron/core/model/config.ts';
import { PYTHON_LISTENER_SCRIPT } from '../../support/listeners.ts';
import { alive, killAllStarted, startDetached, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;
let dir = '';
const loops: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-external-owner-'));
});

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
  await rm(dir, { recursive: true, force: true });
});

async function watch(entry: WatchedPortConfig): Promise<ControlRuntime> {
  control = createControl({ config: { pollIntervalMs: 150, ports: [entry] } as PortwardenConfig, persistConfig: () => undefined });
  await control.start();
  return control;
}

async function until(c: ControlRuntime, test: (p: PortState) => boolean, what: string, ms = 8000): Promise<PortState> {
  return waitFor(
    async () => {
      const p = (await c.getState()).ports[0]!;
      return test(p) ? p : null;
    },
    ms,
    what,
  );
}

describe('owner matcher on real listeners', () => {
  it('matches command, user and cwd; each field that differs is a foreign-owner conflict naming both sides', async () => {
    const port = await unusedPort();
    // The "real service": a python listener started in `dir`, as the current user.
    const app = await startDetached(
      'sh',
      ['-c', `cd ${JSON.stringify(dir)} && exec python3 ${PYTHON_LISTENER_SCRIPT} --host 127.0.0.1 --port ${port} --marker pw-owner-app`],
      /ready /,
    );
    const me = userInfo().username;
    const c = await watch({ port, owner: { command: 'pw-owner-app', user: me, cwd: dir } });
    const ok = await until(c, (p) => p.listeners.length > 0 && p.status === 'ok', 'owner matched');
    expect(ok.listeners[0]).toMatchObject({ pid: app.pid, expected: true, cwd: dir });
    expect(ok.conflicts).toEqual([]);

    const cases: [WatchedPortConfig['owner'], string][] = [
      [{ command: 'uvicorn main:app' }, `expected uvicorn main:app: its command is “`],
      [{ user: 'www' }, `expected a process as www: it runs as ${me}`],
      [{ cwd: '/srv/api' }, `expected a process in /srv/api: it runs in ${dir}`],
      [{ unit: 'api.service' }, 'expected a process (unit api.service): it is in no systemd unit'],
    ];
    for (const [owner, words] of cases) {
      await c.saveConfig({ ...(await c.getConfig()), ports: [{ port, owner }] });
      const bad = await until(c, (p) => p.status === 'conflict', `conflict for ${JSON.stringify(owner)}`);
      const conflict = bad.conflicts.find((x) => x.kind === 'foreign-owner')!;
      expect(conflict.pids).toEqual([app.pid]);
      expect(conflict.detail).toContain(`python3 (pid ${app.pid}) holds ${port}; ${words}`);
      expect(bad.listeners[0]!.expected).toBe(false);
    }
  });

  it('a health 200 from a listener that does not match is not healthy, and the conflict says it answers', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    const c = await watch({ port, owner: { command: 'uvicorn main:app' }, health: { url: `http://127.0.0.1:${port}/`, intervalMs: 500 } });
    const p = await until(c, (x) => x.health?.state === 'unhealthy', 'probe answered by the rogue');
    expect(p.health).toMatchObject({ status: 200, answeredBy: { pid: rogue.pid, expected: false } });
    expect(p.health!.error).toBe(`answered by node (pid ${rogue.pid}), which is not the expected owner (uvicorn main:app)`);
    expect(p.status).toBe('conflict');
    expect(p.conflicts[0]!.detail).toMatch(/; it answers the health check$/);
  });
});

describe('logFile: an external restart loop (seed 001)', () => {
  it('a shell loop writing "Address already in use" while a rogue holds the port raises bind-loop naming the rogue; freeing it lets the loop bind and the port is ok', async () => {
    const port = await unusedPort();
    const log = join(dir, 'api.log');
    const rogue = await startListener(port, '127.0.0.1');
    const c = await watch({ port, owner: { command: 'pw-ext-service' }, logFile: log });
    // The "systemd unit": restarts the service forever; each failed bind lands in the log.
    const loop = spawn(
      'sh',
      [
        '-c',
        `while true; do python3 ${PYTHON_LISTENER_SCRIPT} --host 127.0.0.1 --port ${port} --marker pw-ext-service >> ${JSON.stringify(log)} 2>&1; sleep 0.3; done`,
      ],
      { detached: true, stdio: 'ignore' },
    );
    loops.push(loop);
    const looping = await until(c, (p) => p.conflicts.some((x) => x.kind === 'bind-loop'), 'bind-loop from the log', 10_000);
    const bindLoop = looping.conflicts.find((x) => x.kind === 'bind-loop')!;
    expect(bindLoop).toMatchObject({ source: 'log', pids: [rogue.pid] });
    expect(bindLoop.detail).toBe(
      `${log} says “address already in use”: node (pid ${rogue.pid}) holds ${port}; pw-ext-service cannot bind it`,
    );
    expect((await c.getState()).overall).toBe('conflict');

    // Free port frees the rogue and leaves the external supervisor to bind.
    const freed = await c.freePort(port);
    expect(freed.actions.map((a) => a.pid)).toEqual([rogue.pid]);
    await waitFor(() => !alive(rogue.pid), 3000, 'rogue exited');
    const ok = await until(c, (p) => p.status === 'ok', 'the loop bound; port ok', 10_000);
    expect(ok.conflicts).toEqual([]);
    expect(ok.listeners[0]).toMatchObject({ expected: true, ppid: loop.pid });
    expect((await c.getState()).overall).toBe('ok');
  });
});
