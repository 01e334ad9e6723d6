/**
 * "Who answered" a health probe, from the listeners of a fresh snapshot: the socket the
 * kernel would have picked (health/who-answered.ts), whether its owner is the port's
 * expected owner, and how many processes listen there.
 */
import type { AnsweredBy } from '../model/health.ts';
import { listenersReached } from '../health/who-answered.ts';
import type { ListenerRecord } from '../model/ports.ts';

/** How one listener is judged: in the managed tree, and the expected owner (null: the port names none). */
export type JudgeListener = (listener: ListenerRecord) => Promise<{ managed: boolean; expected: boolean | null }>;

export async function answeredBy(listeners: readonly ListenerRecord[], remoteAddress: string, port: number, judge: JudgeListener): Promise<AnsweredBy | null> {
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
