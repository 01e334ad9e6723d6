/**
 * Facts about one port's listener rows, read through the process table: is each in the
 * managed service's tree, which rows are one party (a parent and the child sharing its
 * socket; the workers of one service), when each process started, and its working
 * directory, systemd unit and container. monitor/derive-port.ts judges them.
 */
import type { ListenerRecord } from '../model/ports.ts';
import type { OwnerDetails, OwnerDetailsReader } from '../processes/owner-details.ts';
import type { ListenerFacts } from './derive-port.ts';
import { startedAtFromToken } from '../processes/started-at.ts';
import type { TreeResolver } from './process-tree.ts';

function pidsOf(records: readonly { pid: number | null }[]): number[] {
  return [...new Set(records.map((r) => r.pid).filter((p): p is number => p !== null))].sort((a, b) => a - b);
}

/** Union-find over pids: parent/child, or both in the managed tree, are one party. */
function parties(
  pids: readonly number[],
  ancestry: ReadonlyMap<number, number[]>,
  managed: ReadonlyMap<number, boolean>,
): (pid: number) => number {
  const parent = new Map<number, number>(pids.map((p) => [p, p]));
  const find = (p: number): number => {
    let root = p;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(p, root);
    return root;
  };
  for (const a of pids) {
    for (const b of pids) {
      if (a >= b) continue;
      const related = ancestry.get(a)!.includes(b) || ancestry.get(b)!.includes(a) || (managed.get(a) && managed.get(b));
      if (!related) continue;
      const [ra, rb] = [find(a), find(b)];
      if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
    }
  }
  return find;
}

/** Resolve managed flags, parties, start times and owner details of one port's listeners. */
export async function gatherFacts(
  listeners: readonly ListenerRecord[],
  servicePid: number | null,
  tree: TreeResolver,
  platform: NodeJS.Platform = process.platform,
  details: OwnerDetailsReader | null = null,
): Promise<ListenerFacts[]> {
  const pids = pidsOf(listeners);
  const ancestry = new Map<number, number[]>();
  const managed = new Map<number, boolean>();
  const startTime = new Map<number, string | null>();
  const extra = new Map<number, OwnerDetails | null>();
  await Promise.all(
    pids.map(async (pid) => {
      ancestry.set(pid, await tree.ancestors(pid));
      managed.set(pid, servicePid !== null && (await tree.inTree(pid, servicePid)));
      startTime.set(pid, (await tree.identity(pid))?.startTime ?? null);
      extra.set(pid, details ? await details(pid).catch(() => null) : null);
    }),
  );
  const find = parties(pids, ancestry, managed);
  // The party's head: the member that is an ancestor of all others (the eldest), else the lowest pid.
  const head = (pid: number): number => {
    const root = find(pid);
    const members = pids.filter((p) => find(p) === root);
    return members.find((m) => members.every((o) => o === m || ancestry.get(o)!.includes(m))) ?? root;
  };
  return listeners.map((record) => {
    const pid = record.pid;
    const d = pid === null ? null : (extra.get(pid) ?? null);
    return {
      record,
      managed: pid !== null && managed.get(pid) === true,
      party: pid === null ? `unknown@${record.address}` : `pid:${find(pid)}`,
      partyPid: pid === null ? null : head(pid),
      startedAt: record.startedAt ?? (pid === null ? null : startedAtFromToken(startTime.get(pid) ?? null, platform)),
      startTime: pid === null ? null : (startTime.get(pid) ?? null),
      // The snapshot reader already looked up the cwd (ports/ reads it for the project name).
      cwd: record.cwd ?? d?.cwd ?? null,
      unit: d?.unit ?? null,
      container: d?.container ?? null,
    };
  });
}
