/**
 * Process trees computed from one process-table listing (ProcessTable.list()).
 *
 * Pure functions of the table: the kill transaction lists the table once and asks these
 * questions of that one picture, so a tree can't change shape between two questions.
 */
import type { ProcessIdentity } from '../model/processes.ts';

/** Map ppid → children, built once per table. */
function childrenIndex(table: readonly ProcessIdentity[]): Map<number, ProcessIdentity[]> {
  const index = new Map<number, ProcessIdentity[]>();
  for (const p of table) {
    // A process whose ppid is itself (pid 0 on some systems) would loop forever.
    if (p.ppid === null || p.ppid === p.pid) continue;
    const list = index.get(p.ppid);
    if (list) list.push(p);
    else index.set(p.ppid, [p]);
  }
  return index;
}

/**
 * Every descendant of `pid` (children, grandchildren, …), breadth-first: parents come before
 * their children. `pid` itself is not included. Reverse the result to signal the deepest
 * processes first.
 */
export function descendantsOf(pid: number, table: readonly ProcessIdentity[]): ProcessIdentity[] {
  const index = childrenIndex(table);
  const result: ProcessIdentity[] = [];
  const seen = new Set<number>([pid]);
  const queue: number[] = [pid];
  // Bounded by the table size: each pid is queued at most once.
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const child of index.get(current) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      result.push(child);
      queue.push(child.pid);
    }
  }
  return result;
}

/** True when `pid` is `rootPid` or one of its descendants. */
export function isInTree(pid: number, rootPid: number, table: readonly ProcessIdentity[]): boolean {
  if (pid === rootPid) return true;
  return ancestorsOf(pid, table).includes(rootPid);
}

/**
 * The pids above `pid`: its parent, grandparent, … up to the root (pid 1 or 0), nearest
 * first. Stops on a cycle or an unknown parent.
 */
export function ancestorsOf(pid: number, table: readonly ProcessIdentity[]): number[] {
  const byPid = new Map<number, ProcessIdentity>();
  for (const p of table) byPid.set(p.pid, p);
  const result: number[] = [];
  const seen = new Set<number>([pid]);
  let current = byPid.get(pid);
  while (current && current.ppid !== null && !seen.has(current.ppid)) {
    result.push(current.ppid);
    seen.add(current.ppid);
    current = byPid.get(current.ppid);
  }
  return result;
}

/** Every process in process group `pgid` (POSIX), the leader included when present. */
export function groupMembers(pgid: number, table: readonly ProcessIdentity[]): ProcessIdentity[] {
  return table.filter((p) => p.pgid === pgid);
}
