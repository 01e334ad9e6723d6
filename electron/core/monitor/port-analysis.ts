/**
 * Per-port status and conflicts. Definitions (also in the README):
 *
 * Status, first match wins:
 * - `conflict`  — the port has at least one conflict (below).
 * - `down`      — nothing listens, and something should: the port belongs to a managed
 *                 service, or has a health check configured.
 * - `free`      — nothing listens on a port that has neither a service nor a health check.
 * - `unhealthy` — someone listens but the last health check failed.
 * - `ok`        — someone listens, no conflict, health (when configured) not failing.
 *
 * Conflicts:
 * - `foreign-owner`      (port has a service) a listener outside the service's process tree
 *                        (tree = the service's pid, its descendants, and its process group);
 *                        a listener whose owner is not visible counts as foreign.
 * - `multiple-listeners` more than one PARTY listens. Listeners are one party when one is
 *                        an ancestor of the other (a socket shared by parent and forked
 *                        child, uvicorn --reload) or both are in the managed service's tree
 *                        (its workers). Owner-less rows count as one party per address.
 * - `localhost-shadowed` `localhost` resolves to 127.0.0.1 and ::1; the party a connection to
 *                        127.0.0.1 reaches (127.0.0.1, else 0.0.0.0, else ::) differs from
 *                        the party ::1 reaches (::1, else ::).
 * - `bind-loop`          the port's service stopped in status bind-loop ("address already in
 *                        use"); the detail names the holder.
 */
import type { Conflict, ListenerView, PortHealth, PortState, ServiceState } from '../control/contract.ts';
import type { ListenerRecord } from '../ports/types.ts';
import { listenersReached } from '../health/who-answered.ts';
import { startedAtFromToken } from '../processes/started-at.ts';
import type { TreeResolver } from './process-tree.ts';
import type { WatchEntry } from './watch-list.ts';

export interface ListenerFacts {
  record: ListenerRecord;
  managed: boolean;
  /** Listeners with the same party id are one program (parent/child, one service). */
  party: string;
  startedAt: number | null;
}

function who(record: ListenerRecord): string {
  return record.pid === null ? 'a process not visible to this user (another user or namespace)' : `${record.name ?? 'unknown'} (pid ${record.pid})`;
}

/** "python3 (pid 1), node (pid 2)" — each pid once. */
function describeOwners(records: readonly ListenerRecord[]): string {
  const seen = new Map<string, string>();
  for (const r of records) if (!seen.has(String(r.pid))) seen.set(String(r.pid), who(r));
  return [...seen.values()].join(', ');
}

function pidsOf(records: readonly { pid: number | null }[]): number[] {
  return [...new Set(records.map((r) => r.pid).filter((p): p is number => p !== null))].sort((a, b) => a - b);
}

function partiesOf(facts: readonly ListenerFacts[]): Set<string> {
  return new Set(facts.map((f) => f.party));
}

/** Build a PortState from the facts about its listeners. Pure. */
export function classifyPort(entry: WatchEntry, facts: readonly ListenerFacts[], service: ServiceState | null, health: PortHealth | null): PortState {
  const conflicts: Conflict[] = [];
  const port = entry.port;
  const records = facts.map((f) => f.record);

  if (entry.service !== null) {
    const foreign = facts.filter((f) => !f.managed).map((f) => f.record);
    if (foreign.length > 0) {
      const verb = pidsOf(foreign).length + (foreign.some((r) => r.pid === null) ? 1 : 0) > 1 ? 'hold' : 'holds';
      const answers = health?.answeredBy && !health.answeredBy.managed ? '; it answers the health check' : '';
      conflicts.push({
        kind: 'foreign-owner',
        detail: `${describeOwners(foreign)} ${verb} ${port}, which belongs to service ${entry.service}${answers}`,
        pids: pidsOf(foreign),
      });
    }
  }

  const parties = partiesOf(facts);
  if (parties.size > 1) {
    const list = facts.map((f) => `${who(f.record)} on ${f.record.address}`);
    conflicts.push({
      kind: 'multiple-listeners',
      detail: `${parties.size} separate processes listen on ${port}: ${[...new Set(list)].join(', ')}; requests may reach any of them`,
      pids: pidsOf(records),
    });
  }

  const v4 = listenersReached('127.0.0.1', port, records);
  const v6 = listenersReached('::1', port, records);
  if (v4.length > 0 && v6.length > 0) {
    const partyOf = new Map(facts.map((f) => [f.record, f.party]));
    const p4 = new Set(v4.map((r) => partyOf.get(r)));
    const p6 = new Set(v6.map((r) => partyOf.get(r)));
    const same = p4.size === p6.size && [...p4].every((p) => p6.has(p));
    if (!same) {
      conflicts.push({
        kind: 'localhost-shadowed',
        detail: `localhost:${port} may reach different processes: 127.0.0.1 → ${describeOwners(v4)}, ::1 → ${describeOwners(v6)}`,
        pids: pidsOf([...v4, ...v6]),
      });
    }
  }

  const holders = facts.filter((f) => !f.managed).map((f) => f.record);
  // A watcher still running in bind-loop whose holder is gone is no conflict any more: it
  // binds on its next retry (its own check then clears the status).
  if (service && service.status === 'bind-loop' && (service.pid === null || holders.length > 0)) {
    conflicts.push({
      kind: 'bind-loop',
      detail: `service ${service.id} ${service.pid === null ? 'stopped' : 'cannot bind'}: "address already in use" — ${service.blockedBy ?? `port ${port} was in use`}`,
      pids: pidsOf(holders),
    });
  }

  let status: PortState['status'];
  if (conflicts.length > 0) status = 'conflict';
  else if (facts.length === 0) status = entry.service !== null || entry.health !== null ? 'down' : 'free';
  else if (health?.state === 'unhealthy') status = 'unhealthy';
  else status = 'ok';

  const listeners: ListenerView[] = facts.map((f) => ({ ...f.record, startedAt: f.startedAt, managed: f.managed }));
  return { port, name: entry.name, service: entry.service, status, conflicts, listeners, health };
}

/** Resolve managed flags, parties and start times of one port's listeners. */
export async function gatherFacts(
  listeners: readonly ListenerRecord[],
  servicePid: number | null,
  tree: TreeResolver,
  platform: NodeJS.Platform = process.platform,
): Promise<ListenerFacts[]> {
  const pids = pidsOf(listeners);
  const ancestry = new Map<number, number[]>();
  const managed = new Map<number, boolean>();
  const started = new Map<number, number | null>();
  await Promise.all(
    pids.map(async (pid) => {
      ancestry.set(pid, await tree.ancestors(pid));
      managed.set(pid, servicePid !== null && (await tree.inTree(pid, servicePid)));
      started.set(pid, startedAtFromToken((await tree.identity(pid))?.startTime ?? null, platform));
    }),
  );
  // Union-find over pids: parent/child, or both in the managed tree.
  const parent = new Map<number, number>(pids.map((p) => [p, p]));
  const find = (p: number): number => {
    let root = p;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(p, root);
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  for (const a of pids) {
    for (const b of pids) {
      if (a >= b) continue;
      if (ancestry.get(a)!.includes(b) || ancestry.get(b)!.includes(a) || (managed.get(a) && managed.get(b))) union(a, b);
    }
  }
  return listeners.map((record) => ({
    record,
    managed: record.pid !== null && managed.get(record.pid) === true,
    party: record.pid === null ? `unknown@${record.address}` : `pid:${find(record.pid)}`,
    startedAt: record.pid === null ? null : (started.get(record.pid) ?? null),
  }));
}
