/**
 * POSIX: whom to send SIGTERM for one target (docs/architecture.md, "How ports are read and freed", step 3). Pure function of one
 * process-table listing.
 *
 * A wrapper whose child holds the socket (`npm run dev`: npm → sh → node) is not freed by
 * signalling the wrapper alone (reference/ports.md, "Killing"), so the target's whole group
 * or tree is signalled.
 */
import { descendantsOf, groupMembers } from './descendants.ts';
import { protectionReason } from './protected.ts';
import type { ProtectionContext } from './protected.ts';
import type { ProcessIdentity } from '../model/processes.ts';

export interface PosixSignalPlan {
  /** 'group': kill(-pgid) reaches the target and its group; 'tree': one kill per pid. */
  via: 'group' | 'tree';
  /** Set when via = 'group'. */
  pgid: number | null;
  /**
   * Pids signalled one by one, deepest descendants first, the target last (via 'tree'), or
   * the descendants that left the group (via 'group', e.g. after setsid).
   */
  pids: number[];
  /** Everyone the plan reaches (group members and individual pids), for later checks. */
  reached: ProcessIdentity[];
  /** Descendants left alone because they are protected, with the reason. */
  skipped: { pid: number; reason: string }[];
}

export function planPosixTermination(target: ProcessIdentity, table: readonly ProcessIdentity[], ctx: ProtectionContext): PosixSignalPlan {
  const descendants = descendantsOf(target.pid, table);
  const skipped: { pid: number; reason: string }[] = [];
  const allowed = (p: ProcessIdentity): boolean => {
    const reason = protectionReason(p, ctx);
    if (reason) skipped.push({ pid: p.pid, reason });
    return reason === null;
  };

  const leadsGroup = target.pgid !== null && target.pgid === target.pid;
  if (leadsGroup) {
    const members = groupMembers(target.pid, table);
    // The group may hold processes that are not the target's descendants (a shell that
    // started the target with job control off, us): only kill(-pgid) when none is protected.
    const groupIsSafe = members.every((m) => m.pid === target.pid || protectionReason(m, ctx) === null);
    if (groupIsSafe) {
      const inGroup = new Set(members.map((m) => m.pid));
      inGroup.add(target.pid);
      const outside = descendants.filter((p) => !inGroup.has(p.pid)).filter(allowed);
      const reached = [target, ...members.filter((m) => m.pid !== target.pid), ...outside];
      return { via: 'group', pgid: target.pid, pids: outside.reverse().map((p) => p.pid), reached, skipped };
    }
  }
  const tree = descendants.filter(allowed);
  return {
    via: 'tree',
    pgid: null,
    pids: [...tree.map((p) => p.pid).reverse(), target.pid],
    reached: [target, ...tree],
    skipped,
  };
}
