/**
 * Ancestry of listener pids, read through the injected ProcessTable and cached for one poll.
 * Used to tell whether a listener belongs to a managed service's tree and whether two
 * listeners of one port are parent and child (one party) or strangers (a conflict).
 */
import type { ProcessIdentity, ProcessTable } from '../model/processes.ts';

const MAX_DEPTH = 64;

export class TreeResolver {
  private readonly table: ProcessTable;
  private readonly identities = new Map<number, Promise<ProcessIdentity | null>>();

  constructor(table: ProcessTable) {
    this.table = table;
  }

  identity(pid: number): Promise<ProcessIdentity | null> {
    let hit = this.identities.get(pid);
    if (!hit) {
      hit = this.table.get(pid).catch(() => null);
      this.identities.set(pid, hit);
    }
    return hit;
  }

  /** pid's ancestors, nearest first (not including pid; stops at pid 1 or an unknown parent). */
  async ancestors(pid: number): Promise<number[]> {
    const out: number[] = [];
    let current = await this.identity(pid);
    const seen = new Set<number>([pid]);
    while (current && current.ppid !== null && current.ppid > 0 && out.length < MAX_DEPTH) {
      const parent = current.ppid;
      if (seen.has(parent)) break;
      seen.add(parent);
      out.push(parent);
      if (parent === 1) break;
      current = await this.identity(parent);
    }
    return out;
  }

  /**
   * Whether pid belongs to the tree of `rootPid`: the root itself, a descendant, or a member
   * of the root's process group (a grandchild re-parented to init after its parent died is
   * still in the service's group).
   */
  async inTree(pid: number, rootPid: number): Promise<boolean> {
    if (pid === rootPid) return true;
    const id = await this.identity(pid);
    if (id?.pgid === rootPid) return true;
    return (await this.ancestors(pid)).includes(rootPid);
  }
}
