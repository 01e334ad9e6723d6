/**
 * "Who answered" a health probe, from the listeners of a fresh snapshot: the socket the
 * kernel would have picked (health/who-answered.ts), whether its owner is in the managed
 * service's tree, and how many processes listen there.
 */
import type { AnsweredBy } from '../control/contract.ts';
import { listenersReached } from '../health/who-answered.ts';
import type { ListenerRecord } from '../ports/types.ts';
import type { TreeResolver } from './process-tree.ts';

/**
 * `root` is the managed service's pid (null: none running); `forService` says the port
 * belongs to a service, so any foreign candidate is the answer that matters.
 */
export async function answeredBy(
  listeners: readonly ListenerRecord[],
  remoteAddress: string,
  port: number,
  root: number | null,
  tree: TreeResolver,
  forService: boolean,
): Promise<AnsweredBy | null> {
  // Rows with no visible owner stay in: another user's or namespace's process that
  // answered for a service port is foreign, never "healthy".
  const reached = listenersReached(remoteAddress, port, listeners);
  if (reached.length === 0) return null;
  const sharedBy = new Set(reached.map((l) => l.pid ?? `unknown:${l.address}`)).size;
  let first: AnsweredBy | null = null;
  for (const l of reached) {
    const managed = l.pid !== null && root !== null && (await tree.inTree(l.pid, root));
    const answer = { pid: l.pid, name: l.name, managed, sharedBy };
    // Several pids share the address: any foreign one may have answered, so report it.
    if (!managed && forService) return answer;
    first ??= answer;
  }
  return first;
}
