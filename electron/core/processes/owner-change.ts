/**
 * Did a port's owners change since the caller looked? The dashboard, the tray and a
 * notification send the owners they showed (pid + start time + command line); if the port
 * is now held by anyone else — a new pid, or a reused one — nothing may be signalled, and
 * the caller is shown who holds it now (issue: "B replaced A before the click, B was killed").
 */
import type { ListenerRecord } from '../model/ports.ts';
import { identityMismatch } from './identity.ts';
import type { ExpectedIdentity } from './identity.ts';
import type { ProcessTable } from '../model/processes.ts';

/** True when the visible owners in `rows` are not exactly the processes in `seen`. */
export async function ownersChanged(
  rows: readonly ListenerRecord[],
  seen: readonly ExpectedIdentity[],
  processes: ProcessTable,
): Promise<boolean> {
  const now = new Set(rows.flatMap((r) => (r.pid === null ? [] : [r.pid])));
  const before = new Set(seen.map((s) => s.pid));
  if (now.size !== before.size || [...now].some((pid) => !before.has(pid))) return true;
  for (const s of seen) {
    const current = await processes.get(s.pid).catch(() => null);
    if (current === null || identityMismatch(s, current) !== null) return true;
  }
  return false;
}
