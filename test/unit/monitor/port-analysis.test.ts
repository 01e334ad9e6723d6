/**
 * Status and conflict rules on recorded listener rows (shapes from reference/ports.md) and a
 * recorded process table, for scenarios that can't all be staged on one machine.
 */
import { describe, expect, it } from 'vitest';
import { classifyPort, gatherFacts } from '../../../electron/core/monitor/port-analysis.ts';
import { TreeResolver } from '../../../electron/core/monitor/process-tree.ts';
import { ConflictTracker } from '../../../electron/core/monitor/conflict-events.ts';
import { watchList } from '../../../electron/core/monitor/watch-list.ts';
import type { WatchEntry } from '../../../electron/core/monitor/watch-list.ts';
import type { ListenerRecord } from '../../../electron/core/ports/types.ts';
import type { ProcessIdentity, ProcessTable } from '../../../electron/core/processes/types.ts';
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
  return { port, address, family: address.includes(':') ? 'IPv6' : 'IPv4', pid, name: p?.name ?? null, command: p?.command ?? null, user: p?.user ?? null, ppid: p?.ppid ?? null, ...UNKNOWN_OWNER_DETAILS };
}

const managed: WatchEntry = { port: 8000, name: 'API', service: 'api', health: null };
const unmanaged: WatchEntry = { port: 8000, name: null, service: null, health: null };
const running: ServiceState = {
  id: 'api', command: 'uvicorn', cwd: '/', port: 8000, status: 'running', pid: 200, startedAt: 1, restarts: 0, autoRestart: true, lastExit: null, nextRestartAt: null, blockedBy: null,
};

async function analyse(entry: WatchEntry, rows: ListenerRecord[], service: ServiceState | null = null): Promise<PortState> {
  const facts = await gatherFacts(rows, service?.status === 'running' ? service.pid : null, new TreeResolver(table), 'linux');
  return classifyPort(entry, facts, service, null);
}

describe('classifyPort', () => {
  it('free / down when nothing listens', async () => {
    expect((await analyse(unmanaged, [])).status).toBe('free');
    expect((await analyse(managed, [], running)).status).toBe('down');
    expect((await analyse({ ...unmanaged, health: { tcp: true } }, [])).status).toBe('down');
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
    expect(s.conflicts).toEqual([{ kind: 'foreign-owner', detail: 'uvicorn (pid 300) holds 8000, which belongs to service api', pids: [300] }]);
  });

  it('a listener whose owner is invisible is foreign on a managed port', async () => {
    const s = await analyse(managed, [row(null)], running);
    expect(s.conflicts[0]!.kind).toBe('foreign-owner');
    expect(s.conflicts[0]!.detail).toMatch(/not visible to this user/);
    expect(s.conflicts[0]!.pids).toEqual([]);
  });

  it('with the service stopped every listener is foreign', async () => {
    const s = await analyse(managed, [row(201)], { ...running, status: 'stopped', pid: null });
    expect(s.conflicts.map((c) => c.kind)).toEqual(['foreign-owner']);
  });

  it('seed 003: unrelated processes on one port are multiple-listeners; the rogue next to the service is both', async () => {
    const s = await analyse(unmanaged, [row(400), row(401)]);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['multiple-listeners']);
    const both = await analyse(managed, [row(201), row(300)], running);
    expect(both.conflicts.map((c) => c.kind)).toEqual(['foreign-owner', 'multiple-listeners']);
  });

  it('localhost-shadowed when 127.0.0.1 and ::1 reach different processes', async () => {
    const s = await analyse(unmanaged, [row(400, '127.0.0.1'), row(401, '::1')]);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['multiple-listeners', 'localhost-shadowed']);
    expect(s.conflicts[1]!.detail).toBe('localhost:8000 may reach different processes: 127.0.0.1 → node (pid 400), ::1 → node (pid 401)');
    // 0.0.0.0 (v4) and :: (v6only) of one program: not shadowed.
    const same = await analyse(unmanaged, [row(201, '0.0.0.0'), row(202, '::')]);
    expect(same.conflicts).toEqual([]);
  });

  it('bind-loop names the holder', async () => {
    const s = await analyse(managed, [row(300)], { ...running, status: 'bind-loop', pid: null, blockedBy: 'uvicorn (pid 300) holds 8000' });
    expect(s.conflicts.map((c) => c.kind)).toEqual(['foreign-owner', 'bind-loop']);
    expect(s.conflicts[1]).toEqual({ kind: 'bind-loop', detail: 'service api stopped: "address already in use" — uvicorn (pid 300) holds 8000', pids: [300] });
  });

  it('unhealthy when someone listens and the health check failed', async () => {
    const facts = await gatherFacts([row(201)], 200, new TreeResolver(table), 'linux');
    const s = classifyPort(managed, facts, running, { state: 'unhealthy', kind: 'http', target: 'x', status: 500, latencyMs: 1, checkedAt: 1, answeredBy: null, routes: [], history: [] });
    expect(s.status).toBe('unhealthy');
  });
});

describe('ConflictTracker', () => {
  const state = (port: number, pids: number[][]): PortState => ({
    port, name: null, service: null, status: 'conflict', listeners: [], health: null,
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
      services: [{ id: 'api', command: 'x', port: 8000 }, { id: 'web', command: 'y', port: 3000 }],
    });
    expect(watchList(config)).toEqual([
      { port: 8000, name: 'API', service: 'api', health: null },
      { port: 3000, name: 'web', service: 'web', health: null },
    ]);
  });
});
