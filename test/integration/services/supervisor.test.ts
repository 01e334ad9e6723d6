/**
 * Managed services with real processes: bind-loop, wrapper restarts without orphans,
 * auto-restart with backoff and the crash-loop cap, required env, logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { ControlEvent, ServiceState } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import { alive, childrenOf, killAllStarted, startListener, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

let control: ControlRuntime | null = null;

afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

function setup(
  config: Partial<PortwardenConfig>,
  extra: { backoff?: { baseMs: number; maxMs: number; maxCrashes: number; windowMs: number } } = {},
): {
  control: ControlRuntime;
  events: ControlEvent[];
} {
  const events: ControlEvent[] = [];
  control = createControl({ config: { pollIntervalMs: 200, ...config } as PortwardenConfig, persistConfig: () => undefined, ...extra });
  control.subscribe((e) => events.push(e));
  return { control, events };
}

async function service(c: ControlRuntime, id: string): Promise<ServiceState> {
  return (await c.getState()).services.find((s) => s.id === id)!;
}

const reader = createSnapshotReader();
async function holders(port: number): Promise<number[]> {
  return (await reader.read({ ports: [port] })).listeners.filter((l) => l.port === port).map((l) => l.pid!);
}

describe('bind-loop', () => {
  it('a service that dies with EADDRINUSE stops retrying and names the holder', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '0.0.0.0');
    const { control: c, events } = setup({
      services: [{ id: 'api', command: `python3 -m http.server ${port}`, port, autoRestart: true, graceMs: 500 }],
    });
    await c.start();
    await c.startService('api');
    // blockedBy is derived from the snapshot: it names the holder from the first poll after the exit.
    const s = await waitFor(
      async () => {
        const st = await service(c, 'api');
        return st.status === 'bind-loop' && st.blockedBy !== null ? st : null;
      },
      10_000,
      'bind-loop',
    );
    expect(s.blockedBy).toBe(`node (pid ${rogue.pid}) holds ${port}`);
    // No retries: still bind-loop, no second start, a while later.
    await new Promise((r) => setTimeout(r, 1500));
    const later = await service(c, 'api');
    expect(later.status).toBe('bind-loop');
    expect(later.restarts).toBe(0);
    expect(events.filter((e) => e.type === 'service-started')).toHaveLength(1);
    const port_ = await waitFor(
      async () => (await c.getState()).ports.find((p) => p.port === port && p.conflicts.some((x) => x.kind === 'bind-loop')),
      5000,
      'bind-loop conflict',
    );
    const conflict = port_.conflicts.find((x) => x.kind === 'bind-loop')!;
    expect(conflict.detail).toContain(`node (pid ${rogue.pid}) holds ${port}`);
    expect(conflict.pids).toEqual([rogue.pid]);
    const logs = await c.getServiceLogs('api');
    expect(logs.some((l) => l.stream === 'stderr' && /Errno 98|address already in use/i.test(l.text))).toBe(true);
    expect(logs.some((l) => l.stream === 'system' && /not restarting/.test(l.text))).toBe(true);
    // free-and-start breaks the loop.
    const started = await c.freeAndStart('api');
    expect(started).toMatchObject({ ok: true, outcome: 'listening' });
    expect(started.service.status).toBe('running');
    // The kernel closes a dying process's sockets before it turns into a zombie, so the
    // port can be free while the rogue is still exiting: wait (bounded) for it to be gone.
    await waitFor(() => !alive(rogue.pid), 3000, 'rogue exited');
    await waitFor(async () => (await holders(port)).length > 0, 8000, 'service listening');
  });
});

describe('bind-loop inside a watcher that keeps running (nodemon-style)', () => {
  it('is raised while the wrapper lives, names the holder, and ends when the holder is freed', async () => {
    const port = await unusedPort();
    const rogue = await startListener(port, '127.0.0.1');
    // Like nodemon or `uvicorn --reload`: the wrapper never exits, its child retries the bind.
    const { control: c, events } = setup({
      ports: [{ port, service: 'web' }],
      services: [
        {
          id: 'web',
          command: `while true; do python3 -m http.server ${port} --bind 127.0.0.1; sleep 0.3; done`,
          port,
          autoRestart: true,
          graceMs: 1000,
        },
      ],
    });
    await c.start();
    const first = (await c.startService('web')).service;
    const blocked = await waitFor(
      async () => {
        const st = await service(c, 'web');
        return st.status === 'bind-loop' && st.blockedBy !== null ? st : null;
      },
      10_000,
      'bind-loop while running',
    );
    expect(blocked.pid).toBe(first.pid);
    expect(alive(first.pid!)).toBe(true);
    expect(blocked.blockedBy).toBe(`node (pid ${rogue.pid}) holds ${port}`);
    const conflicted = await waitFor(
      async () => (await c.getState()).ports.find((p) => p.port === port && p.conflicts.some((x) => x.kind === 'bind-loop')),
      5000,
      'bind-loop conflict',
    );
    expect(conflicted.conflicts.find((x) => x.kind === 'bind-loop')!.detail).toBe(
      `service web cannot bind: "address already in use" — node (pid ${rogue.pid}) holds ${port}`,
    );
    expect(events.filter((e) => e.type === 'service-started')).toHaveLength(1);

    // Free port removes the holder and leaves the blocked service alone: its watcher binds.
    await c.freePort(port);
    await waitFor(() => !alive(rogue.pid), 5000, 'rogue exited');
    const recovered = await waitFor(
      async () => {
        const st = await service(c, 'web');
        return st.status === 'running' ? st : null;
      },
      10_000,
      'running again',
    );
    expect(recovered.pid).toBe(first.pid);
    expect(recovered.blockedBy).toBeNull();
    const ok = await waitFor(
      async () => {
        const p = (await c.getState()).ports.find((x) => x.port === port)!;
        return p.status === 'ok' ? p : null;
      },
      8000,
      'port ok',
    );
    expect(ok.listeners.every((l) => l.managed)).toBe(true);
    // Never was the watcher's own child taken for a foreign owner, before or after recovery.
    await new Promise((r) => setTimeout(r, 1000));
    const detected = events.flatMap((e) => (e.type === 'conflict-detected' ? [e.conflict] : []));
    expect(detected.length).toBeGreaterThan(0);
    for (const conflict of detected) expect(conflict.pids, `${conflict.kind}: ${conflict.detail}`).toEqual([rogue.pid]);
    expect((await c.getState()).ports.find((x) => x.port === port)!.conflicts).toEqual([]);
    const logs = await c.getServiceLogs('web');
    expect(logs.some((l) => l.stream === 'system' && /cannot bind its port/.test(l.text))).toBe(true);
    expect(logs.some((l) => l.stream === 'system' && /bind-loop over/.test(l.text))).toBe(true);
  });
});

describe('wrapper services', () => {
  it('restart kills the whole group (wrapper + child) and waits for the port before starting again', async () => {
    const port = await unusedPort();
    // sh stays the parent (`& wait`), like `npm run dev` → sh → node.
    const { control: c } = setup({
      services: [{ id: 'web', command: `python3 -m http.server ${port} --bind 127.0.0.1 & wait`, port, graceMs: 1500 }],
    });
    await c.start();
    const first = (await c.startService('web')).service;
    const oldChildren = await waitFor(
      () => {
        const kids = childrenOf(first.pid!);
        return kids.length > 0 ? kids : null;
      },
      5000,
      'wrapper child',
    );
    await waitFor(async () => (await holders(port)).includes(oldChildren[0]!), 8000, 'child holds the port');

    const second = (await c.restartService('web')).service;
    expect(second.status).toBe('running');
    expect(second.pid).not.toBe(first.pid);
    expect(second.restarts).toBe(1);
    for (const pid of [first.pid!, ...oldChildren]) expect(alive(pid), `old pid ${pid}`).toBe(false);
    const newHolders = await waitFor(
      async () => {
        const h = await holders(port);
        return h.length > 0 ? h : null;
      },
      8000,
      'new child holds the port',
    );
    expect(newHolders.some((p) => oldChildren.includes(p))).toBe(false);
    const st = await waitFor(
      async () => {
        const p = (await c.getState()).ports.find((x) => x.port === port)!;
        return p.status === 'ok' ? p : null;
      },
      5000,
      'port ok',
    );
    expect(st.listeners.every((l) => l.managed)).toBe(true);

    const newChildren = childrenOf(second.pid!);
    await c.stopService('web');
    for (const pid of [second.pid!, ...newChildren]) expect(alive(pid), `pid ${pid} after stop`).toBe(false);
    expect(await holders(port)).toEqual([]);
  });

  it('stopping or restarting a wrapper never reports its own lingering child as a foreign owner', async () => {
    const port = await unusedPort();
    // The child takes 600 ms to exit after SIGTERM while the wrapper sh dies at once: for
    // that window the port is held by the service's child with its leader already gone.
    const dir = await mkdtemp(join(tmpdir(), 'pw-slow-'));
    const script = join(dir, 'slow.py');
    await writeFile(
      script,
      `import signal,socket,sys,time\ns=socket.socket(); s.bind(('127.0.0.1', ${port})); s.listen()\ndef term(*a):\n  time.sleep(0.6); sys.exit(0)\nsignal.signal(signal.SIGTERM, term)\nwhile True: time.sleep(1)\n`,
    );
    const { control: c, events } = setup({
      pollIntervalMs: 100,
      services: [{ id: 'slow', command: `python3 ${script} & wait`, port, graceMs: 3000 }],
    });
    await c.start();
    const first = (await c.startService('slow')).service;
    await waitFor(async () => ((await c.getState()).ports[0]!.status === 'ok' ? true : null), 8000, 'port ok');
    await c.restartService('slow');
    await waitFor(async () => ((await c.getState()).ports[0]!.status === 'ok' ? true : null), 8000, 'port ok after restart');
    await c.stopService('slow');
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(first.pid!)).toBe(false);
    expect(events.filter((e) => e.type === 'conflict-detected')).toEqual([]);
    expect(events.filter((e) => e.type === 'service-started')).toHaveLength(2);
    await rm(dir, { recursive: true, force: true });
  });

  it('a child that ignores SIGTERM is SIGKILLed at the grace deadline; nothing is left', async () => {
    const port = await unusedPort();
    const py = `import signal,http.server,socketserver; signal.signal(signal.SIGTERM, signal.SIG_IGN); http.server.HTTPServer(('127.0.0.1', ${port}), http.server.SimpleHTTPRequestHandler).serve_forever()`;
    const { control: c } = setup({ services: [{ id: 'stubborn', command: `python3 -c "${py}" & wait`, port, graceMs: 400 }] });
    await c.start();
    const s = (await c.startService('stubborn')).service;
    const kids = await waitFor(
      () => {
        const k = childrenOf(s.pid!);
        return k.length > 0 ? k : null;
      },
      5000,
      'child',
    );
    await waitFor(async () => (await holders(port)).length > 0, 8000, 'listening');
    const stopped = (await c.stopService('stubborn')).service;
    expect(stopped.status).toBe('stopped');
    for (const pid of [s.pid!, ...kids]) expect(alive(pid)).toBe(false);
    expect(await holders(port)).toEqual([]);
  });
});

describe('auto-restart', () => {
  it('restarts a crashing service with backoff and stops at the crash-loop cap', async () => {
    const { control: c, events } = setup(
      { services: [{ id: 'crashy', command: 'echo boom >&2; exit 3', autoRestart: true }] },
      { backoff: { baseMs: 50, maxMs: 200, maxCrashes: 4, windowMs: 60_000 } },
    );
    await c.start();
    await c.startService('crashy');
    const s = await waitFor(
      async () => {
        const st = await service(c, 'crashy');
        return st.status === 'crashed' ? st : null;
      },
      10_000,
      'crashed',
    );
    expect(s.restarts).toBe(3);
    expect(s.lastExit?.code).toBe(3);
    expect(events.filter((e) => e.type === 'service-exited')).toHaveLength(4);
    const logs = await c.getServiceLogs('crashy');
    expect(logs.filter((l) => l.stream === 'stderr' && l.text === 'boom')).toHaveLength(4);
    expect(logs.at(-1)!.text).toMatch(/crashed 4 times within a minute; not restarting/);
  });

  it('a clean exit without autoRestart is "stopped", a failing one "crashed"', async () => {
    const { control: c } = setup({
      services: [
        { id: 'ok', command: 'exit 0' },
        { id: 'bad', command: 'exit 1' },
      ],
    });
    await c.start();
    await c.startService('ok');
    await c.startService('bad');
    await waitFor(
      async () => (await service(c, 'ok')).status === 'stopped' && (await service(c, 'bad')).status === 'crashed',
      5000,
      'exits',
    );
  });
});

describe('start checks', () => {
  it('refuses to start when a requiredEnv variable is missing, and starts nothing', async () => {
    const { control: c, events } = setup({ services: [{ id: 'api', command: 'sleep 30', requiredEnv: ['PORTWARDEN_TEST_SURELY_UNSET'] }] });
    await c.start();
    await expect(c.startService('api')).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining('PORTWARDEN_TEST_SURELY_UNSET'),
    });
    expect((await service(c, 'api')).status).toBe('stopped');
    expect(events.some((e) => e.type === 'service-started')).toBe(false);
  });

  it('uses the service env and cwd, with timestamped logs', async () => {
    const { control: c } = setup({
      services: [{ id: 'env', command: 'echo "$GREETING from $(pwd)"', cwd: '/tmp', env: { GREETING: 'hello' } }],
    });
    await c.start();
    const before = Date.now();
    await c.startService('env');
    const line = await waitFor(async () => (await c.getServiceLogs('env')).find((l) => l.stream === 'stdout'), 5000, 'output');
    expect(line.text).toBe('hello from /tmp');
    expect(line.at).toBeGreaterThanOrEqual(before);
    await expect(c.getServiceLogs('nope')).rejects.toMatchObject({ code: 'not-found' });
    await expect(c.getServiceLogs('env', 0)).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
