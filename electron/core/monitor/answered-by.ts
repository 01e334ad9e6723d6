/**
 * "Who answered" a health probe, from the listeners of a fresh snapshot: the socket the
 * kernel would have picked (health/who-answered.ts), whether its owner is the port's
 * expected owner, and how many processes listen there.
 */
import type { AnsweredBy } from '../model/health.ts';
import { listenersReached } from '../health/who-answered.ts';
import type { ListenerRecord, SnapshotReader } from '../model/ports.ts';
import type { ProcessTable } from '../model/processes.ts';
import type { OwnerDetailsReader } from '../processes/owner-details.ts';
import { ownerMismatches } from './owner-match.ts';
import { TreeResolver } from './process-tree.ts';
import type { WatchEntry } from './watch-list.ts';

/** How one listener is judged: in the managed tree, and the expected owner (null: the port names none). */
export type JudgeListener = (listener: ListenerRecord) => Promise<{ managed: boolean; expected: boolean | null }>;

export async function answeredBy(
  listeners: readonly ListenerRecord[],
  remoteAddress: string,
  port: number,
  judge: JudgeListener,
): Promise<AnsweredBy | null> {
  // Rows with no visible owner stay in: another user's or namespace's process that
  // answered for a port with an expected owner is foreign, never "healthy".
  const reached = listenersReached(remoteAddress, port, listeners);
  if (reached.length === 0) return null;
  const sharedBy = new Set(reached.map((l) => l.pid ?? `unknown:${l.address}`)).size;
  let first: AnsweredBy | null = null;
  for (const l of reached) {
    const { managed, expected } = await judge(l);
    const answer = { pid: l.pid, name: l.name, managed, expected, sharedBy };
    // Several pids share the address: any foreign one may have answered, so report it.
    if (expected === false) return answer;
    first ??= answer;
  }
  return first;
}

export interface AnsweredByDeps {
  reader: SnapshotReader;
  processes: ProcessTable;
  details?: OwnerDetailsReader;
}

/**
 * Who answered a probe of `entry`'s port: a fresh (cheap, cached) snapshot of that port, each
 * row judged against the managed service's tree (`root`) or the port's owner matcher.
 */
export async function probeAnsweredBy(
  entry: WatchEntry,
  remoteAddress: string,
  port: number,
  root: number | null,
  deps: AnsweredByDeps,
): Promise<AnsweredBy | null> {
  const snap = await deps.reader.read({ ports: [port], owners: true });
  const tree = new TreeResolver(deps.processes);
  return answeredBy(snap.listeners, remoteAddress, port, async (l) => {
    const managed = l.pid !== null && root !== null && (await tree.inTree(l.pid, root));
    if (entry.service !== null) return { managed, expected: managed };
    if (entry.owner === null) return { managed, expected: null };
    const d = l.pid !== null && deps.details ? await deps.details(l.pid).catch(() => null) : null;
    const facts = { command: l.command, user: l.user, cwd: d?.cwd ?? null, unit: d?.unit ?? null };
    return { managed, expected: ownerMismatches(entry.owner, facts).length === 0 };
  });
}
