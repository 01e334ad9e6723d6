/**
 * The kill transaction for one pid and its descendants (its group when it leads one):
 * verify, refuse protected, SIGTERM, wait, SIGKILL at the deadline, report.
 *
 * With `port`, waiting ends when none of the signalled processes holds the port any more
 * (graceful close counts: "released"); without, when the target has exited.
 */
import type { ExpectedIdentity } from './identity.ts';
import { resolveKillDeps } from './kill-deps.ts';
import type { KillDeps } from './kill-deps.ts';
import {
  DEFAULT_GRACE_MS,
  DEFAULT_POLL_MS,
  SETTLE_MS,
  holdersOf,
  pollUntil,
  readPort,
  sendKill,
  sendTerm,
  settleResults,
  stillAlive,
  verifyCandidates,
} from './terminate.ts';
import type { KillAction } from '../model/processes.ts';

export interface KillProcessOptions {
  graceMs?: number;
  /** Wait for this port to be let go rather than for the process to exit. */
  port?: number;
  pollMs?: number;
  /** What the caller saw of the process; a reused pid is not signalled. */
  expected?: Omit<ExpectedIdentity, 'pid'>;
}

export async function killProcess(pid: number, options: KillProcessOptions, deps: KillDeps): Promise<KillAction> {
  const d = resolveKillDeps(deps);
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const table = await d.processes.list();
  const [target] = await verifyCandidates([{ pid, name: null, expected: { ...options.expected, pid } }], table, d);
  if (!target || !target.active) return target?.action ?? { pid, name: null, signal: null, signals: [], result: 'not-found' };

  const reach = await sendTerm([target], table, d);
  if (!target.active) return target.action;

  const { port } = options;
  const readHolders = async (): Promise<Set<number>> => (port === undefined ? new Set() : holdersOf(await readPort(port, d)));
  // Done when the port is let go by everything we reached, or (no port) the target is gone.
  const done = async (): Promise<boolean> => {
    if (port !== undefined) {
      const held = await readHolders();
      return [...reach.keys()].every((p) => !held.has(p));
    }
    return !(await stillAlive(target.identity, d));
  };
  const deadline = target.forceNow ? d.now() : d.now() + graceMs;
  if (!(await pollUntil(done, deadline, pollMs, d))) {
    let victims: number[];
    if (port !== undefined) {
      const held = await readHolders();
      victims = [...reach.keys()].filter((p) => held.has(p));
    } else {
      // Whole tree: whatever we reached and is still alive (sendKill re-verifies each).
      victims = [...reach.keys()].reverse();
    }
    await sendKill(victims, reach, d);
    await pollUntil(done, d.now() + SETTLE_MS, pollMs, d);
  }
  await settleResults([target], port === undefined ? null : await readHolders(), d);
  return target.action;
}
