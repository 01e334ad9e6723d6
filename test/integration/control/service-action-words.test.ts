/**
 * What service actions say they did, with real processes.
 * Trial S4: "Started api: listening on 8000 (pid N)" named the `/bin/sh -c` wrapper; the
 * answer now names the process that listens (and the leader that started it).
 * Trial S5: Free & start stopped whoever held the port and never said whom; it now says
 * whom and with which signals, uses the service's own grace, and with `owners` (the
 * holders the user confirmed) stops and starts nothing when the holder changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unusedPort } from '../../support/unused-port.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import { LISTENER, NODE, alive, killAllStarted, startDetached, startListener, waitFor } from '../../support/processes.ts';

let control: ControlRuntime | null = null;
const TOKEN = 'service-action-words-token-0123456789';

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

function setup(port: number): ControlRuntime {
  const config = {
    pollIntervalMs: 200,
    ports: [{ port, service: 'api' }],
    services: [{ id: 'api', command: `"${NODE}" "${LISTENER}" ${port} 127.0.0.1; true`, port, graceMs: 1000 }],
  } as unknown as PortwardenConfig;
  control = createControl({ config, persistConfig: () => undefined });
  return control;
}

/** A holder that ignores SIGTERM: only SIGKILL stops it. */
function ignoringTerm(port: number) {
  const code = `import signal,socket,time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ns=socket.socket()\ns.bind(('127.0.0.1',${port}))\ns.listen()\nprint('listening', flush=True)\ntime.sleep(120)`;
  return startDetached('python3', ['-c', code], /listening/);
}

describe('service action answers name the right processes', () => {
  it('S4: start names the pid that listens, not the sh wrapper that leads the group', async () => {
    const port = await unusedPort();
    const c = setup(port);
    await c.start();
    const result = await c.startService('api');
    expect(result.outcome).toBe('listening');
    const leader = result.service.pid!;
    const listening = result.listeners!.map((l) => l.pid);
    expect(listening).toHaveLength(1);
    expect(listening[0]).not.toBe(leader);
    expect((await c.listListeners([port])).map((l) => l.pid)).toEqual(listening);
    expect(result.message).toMatch(
      new RegExp(`^Started api: node \\(pid ${listening[0]}\\) listens on ${port} \\(after [^;)]+; started by pid ${leader}\\)\\.$`),
    );
  });

  it('S5: Free & start says whom it stopped, with SIGTERM then SIGKILL, within the service grace', async () => {
    const port = await unusedPort();
    const holder = await ignoringTerm(port);
    const c = setup(port);
    await c.start();
    const result = await c.freeAndStart('api', { owners: [{ pid: holder.pid }] });
    expect(result.outcome).toBe('listening');
    expect(result.freed!.actions).toMatchObject([{ pid: holder.pid, signals: ['SIGTERM', 'SIGKILL'], result: 'exited' }]);
    // The service's graceMs (1000), not the transaction's default (3000).
    expect(result.freed!.elapsedMs).toBeLessThan(2800);
    expect(result.message).toContain(`Stopped to free the port: python3 (pid ${holder.pid}): sent SIGTERM, SIGKILL → exited`);
    expect(alive(holder.pid)).toBe(false);
  });

  it('S5: with the confirmed owners no longer holding the port, nothing is stopped or started', async () => {
    const port = await unusedPort();
    const seen = await startListener(port, '127.0.0.1');
    const c = setup(port);
    await c.start();
    process.kill(-seen.pid, 'SIGKILL');
    await waitFor(() => !alive(seen.pid), 5000, 'the confirmed holder to exit');
    const other = await startListener(port, '127.0.0.1');
    const result = await c.freeAndStart('api', { owners: [{ pid: seen.pid }] });
    expect(result).toMatchObject({ ok: false, outcome: 'blocked', service: { status: 'stopped', pid: null } });
    expect(result.freed).toMatchObject({ actions: [], ownerChanged: [expect.objectContaining({ pid: other.pid })] });
    expect(result.message).toBe(
      `Nothing was stopped or started: the owner of port ${port} changed since it was shown. Now node (pid ${other.pid}) holds ${port}.`,
    );
    expect(alive(other.pid)).toBe(true);
  });

  it('S5: the HTTP route takes owners (an empty list: nobody may be stopped) and refuses graceMs', async () => {
    const port = await unusedPort();
    const c = setup(port);
    await c.start();
    const server = await startServer({ control: c, token: TOKEN, port: 0, rendererDir: null });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/api/services/api/free-and-start`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const bad = await post({ graceMs: 5 });
      expect(bad.status).toBe(400);
      expect(await c.listListeners([port])).toEqual([]);
      const rogue = await startListener(port, '127.0.0.1');
      const refused = (await (await post({ owners: [] })).json()) as { outcome: string; freed: { actions: unknown[] } };
      expect(refused).toMatchObject({ outcome: 'blocked', freed: { actions: [] } });
      expect(alive(rogue.pid)).toBe(true);
      const done = (await (await post({ owners: [{ pid: rogue.pid }] })).json()) as { outcome: string };
      expect(done.outcome).toBe('listening');
    } finally {
      await server.close();
    }
  });
});
