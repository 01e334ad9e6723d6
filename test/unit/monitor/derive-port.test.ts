/**
 * The pure derivation of a port's state (monitor/derive-port.ts) on recorded listener rows
 * (shapes from reference/ports.md) and a recorded process table, for scenarios that can't
 * all be staged on one machine. Every rule: statuses, each conflict kind, and that a
 * conflict exists only while its cause is in the facts given.
 */
import { describe, expect, it } from 'vitest';
import { derivePort } from '../../../electron/core/monitor/derive-port.ts';
import type { ListenerFacts, LogAlert } from '../../../electron/core/monitor/derive-port.ts';
import { gatherFacts } from '../../../electron/core/monitor/listener-facts.ts';
import { TreeResolver } from '../../../electron/core/monitor/process-tree.ts';
import { ConflictTracker } from '../../../electron/core/monitor/conflict-events.ts';
import { watchList } from '../../../electron/core/monitor/watch-list.ts';
import type { WatchEntry } from '../../../electron/core/monitor/watch-list.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import type { ProcessIdentity, ProcessTable } from '../../../electron/core/model/processes.ts';
import type { PortState, ServiceState } from '../../../electron/core/control/contract.ts';
import { validateConfig } from '../../../electron/core/config/validate-config.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

/** A recorded process table: bash 100 → sh 200 (service) → python3 201 → worker 202; rogue 300; 400 → 401 (separate). */
const recorded: ProcessIdentity[] = [
  { pid: 100, ppid: 1, name: 'bash', command: 'bash', user: 'dev', startTime: '1000', pgid: 100 },
  { pid: 200, ppid: 100, name: 'sh', command: 'sh -c uvicorn', user: 'dev', startTime: '2000', pgid: 200 },
  { pid: 201, ppid: 200, name: 'python3', command: 'uvicorn --reload', user: 'dev', startTime: '2001', pgid: 200 },
  { pid: 202, ppid: 201, name: 'python3', command: 'uvicorn worker', user: 'dev', startTime: '2002', pgid: 200 },
  { pid: 300, ppid: 100, name: 'uvicorn', command: 'uvicorn app:app', user: 'dev', startTime: '3000', pgid: 300 },
  { pid: 400, ppid: 1, name: 'node', command: 'node a', user: 'dev', startTime: '4000', pgid: 400 },
  { pid: 401, ppid: 1, name: 'node', command: 'node b', user: 'dev', startTime: '4001', pgid: 401 },
  { pid: 500, ppid: 1, name: 'node', command: 'node orphan', user: 'dev', startTime: '5000', pgid: 200 },
];
const table: ProcessTable = {
  get: async (pid) => recorded.find((p) => p.pid === pid) ?? null,
  list: async () => recorded,
};

function row(pid: number | null, address = '0.0.0.0', port = 8000): ListenerRecord {
  const p = recorded.find((r) => r.pid === pid);
  return {
    port,
    address,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    pid,
    name: p?.name ?? null,
    command: p?.command ?? null,
    user: p?.user ?? null,
    ppid: p?.ppid ?? null,
    ...UNKNOWN_OWNER_DETAILS,
  };
}

const managed: WatchEntry = { port: 8000, name: 'API', service: 'api', owner: null, logFile: null, health: null };
const unmanaged: WatchEntry = { port: 8000, name: null, service: null, owner: null, logFile: null, health: null };
const running: ServiceState = {
  id: 'api',
  command: 'uvicorn',
  cwd: '/',
  port: 8000,
  status: 'running',
  pid: 200,
  startedAt: 1,
  restarts: 0,
  autoRestart: true,
  lastExit: null,
  nextRestartAt: null,
  blockedBy: null,
};

async function facts(
  rows: ListenerRecord[],
  service: ServiceState | null = null,
  details: Record<number, { cwd: string | null; unit: string | null }> = {},
): Promise<ListenerFacts[]> {
  const reader = async (pid: number) => ({ cwd: details[pid]?.cwd ?? null, unit: details[pid]?.unit ?? null, container: null });
  return gatherFacts(rows, service?.pid ?? null, new TreeResolver(table), 'linux', reader);
}

async function analyse(
  entry: WatchEntry,
  rows: ListenerRecord[],
  service: ServiceState | null = null,
  alert: LogAlert | null = null,
): Promise<PortState> {
  const live = service && (service.status === 'running' || service.status === 'bind-loop') ? service : null;
  return derivePort(entry, await facts(rows, live), service, null, alert);
}

describe('derivePort', () => {
  it('free / down when nothing listens', async () => {
    expect((await analyse(unmanaged, [])).status).toBe('free');
    expect((await analyse(managed, [], running)).status).toBe('down');
    expect((await analyse({ ...unmanaged, health: { tcp: true } }, [])).status).toBe('down');
    expect((await analyse({ ...unmanaged, owner: { command: 'uvicorn' } }, [])).status).toBe('down');
    expect((await analyse({ ...unmanaged, logFile: '/var/log/api.log' }, [])).status).toBe('down');
  });

  it('uvicorn --reload of the service (reloader + worker share the socket) is ok, not multiple-listeners', async () => {
    const s = await analyse(managed, [row(201), row(202)], running);
    expect(s.status).toBe('ok');
    expect(s.listeners.map((l) => l.managed)).toEqual([true, true]);
  });

  it('an orphan still in the service group counts as managed', async () => {
    const s = await analyse(managed, [row(500)], running);
    expect(s.status).toBe('ok');
  });

  it('seed 001: a rogue outside the tree is foreign-owner', async () => {
    const s = await analyse(managed, [row(300)], running);
    expect(s.status).toBe('conflict');
    expect(s.conflicts).toEqual([
      { kind: 'foreign-owner', detail: 'uvicorn (pid 300) holds 8000, which belongs to service api', pids: [300] },
    ]);
    expect(s.listeners[0]).toMatchObject({ managed: false, expected: false, startTime: '3000', partyPid: 300 });
  });

  it('a listener whose owner is invisible is foreign on a managed port', async () => {
    const s = await analyse(managed, [row(null)], running);
    expect(s.conflicts[0]!.kind).toBe('foreign-owner');
    expect(s.conflicts[0]!.detail).toMatch(/not visible to this user/);
    expect(s.conflicts[0]!.pids).toEqual([]);
    expect(s.conflicts[0]!.invisible).toBe(true);
    // As root an invisible owner is in another pid namespace: the words say so, not "run as root".
    const root = derivePort(managed, await facts([row(null)]), running, null, null, { elevated: true });
    expect(root.conflicts[0]!.detail).toBe(
      'a process in another pid namespace (not visible even to root: a container?) holds 8000, which belongs to service api',
    );
  });

  it('with the service stopped every listener is foreign', async () => {
    const s = await analyse(managed, [row(201)], { ...running, status: 'stopped', pid: null });
    expect(s.conflicts.map((c) => c.kind)).toEqual(['foreign-owner']);
  });

  it('seed 003: unrelated processes on one port are multiple-listeners; the rogue next to the service is both', async () => {
    const s = await analyse(unmanaged, [row(400), row(401)]);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['multiple-listeners']);
    expect(s.conflicts[0]!.detail).toBe(
      '2 separate processes listen on 8000: node (pid 400) on 0.0.0.0, node (pid 401) on 0.0.0.0; a request may reach any of them',
    );
    const both = await analyse(managed, [row(201), row(300)], running);
    expect(both.conflicts.map((c) => c.kind)).toEqual(['foreign-owner', 'multiple-listeners']);
  });

  it('a reloader and its worker sharing the socket are one family next to a stranger: 2 processes, the child named with its parent', async () => {
    // uvicorn --reload (201) and its worker (202) outside any service, and a rogue (300).
    const s = await analyse(unmanaged, [row(201), row(202), row(300, '127.0.0.1')]);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['multiple-listeners']);
    expect(s.conflicts[0]!.pids).toEqual([201, 202, 300]);
    expect(s.conflicts[0]!.detail).toBe(
      '2 separate processes listen on 8000: python3 (pid 201) with its child (pid 202) on 0.0.0.0, uvicorn (pid 300) on 127.0.0.1; a request may reach any of them',
    );
    expect(s.listeners.map((l) => [l.pid, l.partyPid])).toEqual([
      [201, 201],
      [202, 201],
      [300, 300],
    ]);
  });

  it('localhost-shadowed when 127.0.0.1 and ::1 reach different processes', async () => {
    const s = await analyse(unmanaged, [row(400, '127.0.0.1'), row(401, '::1')]);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['multiple-listeners', 'localhost-shadowed']);
    expect(s.conflicts[1]!.detail).toBe(
      '“localhost:8000” may reach a different process depending on IPv4 or IPv6: 127.0.0.1 → node (pid 400); [::1] → node (pid 401)',
    );
    // 0.0.0.0 (v4) and :: (v6only) of one program: not shadowed.
    const same = await analyse(unmanaged, [row(201, '0.0.0.0'), row(202, '::')]);
    expect(same.conflicts).toEqual([]);
  });

  it('bind-loop names the holder of this snapshot, and ends with it: the same service state with the holder gone is no conflict', async () => {
    const exited: ServiceState = { ...running, status: 'bind-loop', pid: null };
    const s = await analyse(managed, [row(300)], exited);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['foreign-owner', 'bind-loop']);
    expect(s.conflicts[1]).toEqual({
      kind: 'bind-loop',
      source: 'service-exited',
      detail: 'service api stopped: "address already in use" — uvicorn (pid 300) holds 8000',
      pids: [300],
    });
    const gone = await analyse(managed, [], exited);
    expect(gone.conflicts).toEqual([]);
    expect(gone.status).toBe('down');
    // A watcher that still runs: "cannot bind", and its own child is never the holder.
    const watching = await analyse(managed, [row(300), row(202)], { ...running, status: 'bind-loop' });
    expect(watching.conflicts.find((c) => c.kind === 'bind-loop')).toMatchObject({
      source: 'service-running',
      pids: [300],
      detail: 'service api cannot bind: "address already in use" — uvicorn (pid 300) holds 8000',
    });
  });

  it("a log file's bind-loop lasts while the process it named holds the port (same pid AND start time), and ends with it", async () => {
    const entry: WatchEntry = { ...unmanaged, logFile: '/var/log/api.log' };
    const alert: LogAlert = {
      at: 1,
      line: 'ERROR: [Errno 98] Address already in use',
      holders: [{ pid: 300, startTime: '3000', address: '0.0.0.0' }],
    };
    const s = await analyse(entry, [row(300)], null, alert);
    expect(s.status).toBe('conflict');
    expect(s.conflicts).toEqual([
      {
        kind: 'bind-loop',
        source: 'log',
        pids: [300],
        detail: '/var/log/api.log says “address already in use”: uvicorn (pid 300) holds 8000',
      },
    ]);
    // The holder gone: the loop bound (its child holds the port now) — no conflict, ok.
    expect((await analyse(entry, [row(400)], null, alert)).status).toBe('ok');
    // The same pid reused by another process (another start time) is not the holder named.
    const reused: LogAlert = { ...alert, holders: [{ pid: 300, startTime: '2999', address: '0.0.0.0' }] };
    expect((await analyse(entry, [row(300)], null, reused)).conflicts).toEqual([]);
  });

  it('unhealthy when someone listens and the health check failed', async () => {
    const s = derivePort(
      managed,
      await facts([row(201)], running),
      running,
      { state: 'unhealthy', kind: 'http', target: 'x', status: 500, latencyMs: 1, checkedAt: 1, answeredBy: null, routes: [], history: [] },
      null,
    );
    expect(s.status).toBe('unhealthy');
  });
});

describe('owner matcher (a port Portwarden does not run)', () => {
  const owner: WatchEntry = { ...unmanaged, owner: { command: 'uvicorn app:app', user: 'dev', cwd: '/srv/api', unit: 'api.service' } };
  const here = { 300: { cwd: '/srv/api/current', unit: 'api.service' }, 400: { cwd: '/tmp', unit: '' } };

  it('a listener matching every given field is the expected owner: ok', async () => {
    const s = derivePort(owner, await facts([row(300)], null, here), null, null, null);
    expect(s.status).toBe('ok');
    expect(s.listeners[0]).toMatchObject({ expected: true, cwd: '/srv/api/current', unit: 'api.service' });
  });

  it('a listener that differs is foreign-owner naming both sides and every difference', async () => {
    const s = derivePort(owner, await facts([row(400)], null, here), null, null, null);
    expect(s.conflicts).toEqual([
      {
        kind: 'foreign-owner',
        pids: [400],
        mismatch: [
          { field: 'command', expected: 'uvicorn app:app', actual: 'node a' },
          { field: 'cwd', expected: '/srv/api', actual: '/tmp' },
          { field: 'unit', expected: 'api.service', actual: '' },
        ],
        detail:
          'node (pid 400) holds 8000; expected uvicorn app:app as dev in /srv/api (unit api.service): its command is “node a”, it runs in /tmp and it is in no systemd unit',
      },
    ]);
    expect(s.listeners[0]!.expected).toBe(false);
  });

  it('a fact that is not visible never matches, and says so', async () => {
    const s = derivePort({ ...unmanaged, owner: { cwd: '/srv/api' } }, await facts([row(300)]), null, null, null);
    expect(s.conflicts[0]!.detail).toBe(
      'uvicorn (pid 300) holds 8000; expected a process in /srv/api: its cwd is not visible to this user',
    );
  });

  it("an invisible owner matches a user-only matcher by the socket's uid, nothing else", async () => {
    const userOnly = derivePort({ ...unmanaged, owner: { user: 'dev' } }, await facts([{ ...row(null), user: 'dev' }]), null, null, null);
    expect(userOnly.status).toBe('ok');
    const command = derivePort({ ...unmanaged, owner: { command: 'uvicorn' } }, await facts([row(null)]), null, null, null);
    expect(command.conflicts.map((c) => c.kind)).toEqual(['foreign-owner']);
  });

  it('health answered by a non-matching owner says it answers; a 200 from it is a conflict, never ok', async () => {
    const health = {
      state: 'unhealthy' as const,
      kind: 'http' as const,
      target: 'x',
      status: 200,
      latencyMs: 1,
      checkedAt: 1,
      answeredBy: { pid: 400, name: 'node', managed: false, expected: false, sharedBy: 1 },
      routes: [],
      history: [],
    };
    const s = derivePort({ ...unmanaged, owner: { command: 'uvicorn' } }, await facts([row(400)]), null, health, null);
    expect(s.status).toBe('conflict');
    expect(s.conflicts[0]!.detail).toBe(
      'node (pid 400) holds 8000; expected uvicorn: its command is “node a”; it answers the health check',
    );
  });
});

describe('ConflictTracker', () => {
  const state = (port: number, pids: number[][]): PortState => ({
    port,
    name: null,
    service: null,
    owner: null,
    logFile: null,
    status: 'conflict',
    listeners: [],
    health: null,
    conflicts: pids.map((p) => ({ kind: 'foreign-owner', detail: `pids ${p}`, pids: p })),
  });

  it('reports each conflict once when it appears and once when it goes', () => {
    const t = new ConflictTracker();
    expect(t.update([state(1, [[10]])], 1).map((e) => e.type)).toEqual(['conflict-detected']);
    expect(t.update([state(1, [[10]])], 2)).toEqual([]);
    expect(t.update([state(1, [[10]])], 3)).toEqual([]);
    expect(t.update([state(1, [[11]])], 4).map((e) => e.type)).toEqual(['conflict-resolved', 'conflict-detected']);
    expect(t.update([state(1, [])], 5).map((e) => e.type)).toEqual(['conflict-resolved']);
    expect(t.openCount).toBe(0);
  });

  it('resolves the conflicts of a port that is no longer watched', () => {
    const t = new ConflictTracker();
    t.update([state(1, [[10]]), state(2, [[20]])], 1);
    const events = t.update([state(1, [[10]])], 2);
    expect(events).toEqual([expect.objectContaining({ type: 'conflict-resolved', port: 2 })]);
  });
});

describe('watchList', () => {
  it('adds service ports that no entry lists and links entries to services by port', () => {
    const config = validateConfig({
      ports: [{ port: 8000, name: 'API' }],
      services: [
        { id: 'api', command: 'x', port: 8000 },
        { id: 'web', command: 'y', port: 3000 },
      ],
    });
    expect(watchList(config)).toEqual([
      { port: 8000, name: 'API', service: 'api', owner: null, logFile: null, health: null },
      { port: 3000, name: 'web', service: 'web', owner: null, logFile: null, health: null },
    ]);
  });

  it('keeps an owner matcher and resolves a relative log file against the config directory', () => {
    const config = validateConfig({ ports: [{ port: 8000, owner: { command: 'uvicorn' }, logFile: 'logs/api.log' }] });
    expect(watchList(config, '/srv/app')).toEqual([
      { port: 8000, name: null, service: null, owner: { command: 'uvicorn' }, logFile: '/srv/app/logs/api.log', health: null },
    ]);
  });
});
