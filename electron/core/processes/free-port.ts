/**
 * Free a TCP port: the kill transaction (docs/architecture.md, "How ports are read and freed").
 *
 * 1. Snapshot the port; re-read each owner and skip a pid that is no longer the process the
 *    snapshot saw ("identity-changed").
 * 2. Refuse protected owners; EPERM is "owned by another user — run elevated"; a listener
 *    with no visible owner is reported, not ignored; a port forwarder (docker-proxy) is
 *    refused with what to stop instead, and a Windows socket whose owner exited is aimed at
 *    the children that keep it (port-targets.ts).
 * 3. SIGTERM each owner's process group (when it leads one we may kill) or its tree.
 * 4. Poll the PORT, not the pids: a child can keep the socket after its parent died.
 * 5. At the grace deadline SIGKILL what still holds it (identity re-checked), then report.
 * Success means a fresh look shows no listener on the port.
 */
import type { ListenerRecord, PortSnapshot } from '../model/ports.ts';
import type { ExpectedIdentity } from './identity.ts';
import { resolveKillDeps } from './kill-deps.ts';
import type { KillDeps } from './kill-deps.ts';
import { holdersWith, portTargets } from './port-targets.ts';
import { settleContainerActions, stopContainers } from './stop-containers.ts';
import {
  DEFAULT_GRACE_MS,
  DEFAULT_POLL_MS,
  SETTLE_MS,
  pollUntil,
  readPort,
  sendKill,
  sendTerm,
  settleResults,
  verifyCandidates,
} from './terminate.ts';
import { RESPAWN_WATCH_MS, survivingParents, watchRespawn } from './respawn-watch.ts';
import { invisibleOwnerReason } from '../vocabulary/owners.ts';
import type { FreePortOptions, FreePortResult, KillAction } from '../model/processes.ts';

export interface FreePortRequest extends FreePortOptions {
  /**
   * Act on this snapshot (what the user was shown) instead of reading a new one. Its rows
   * are still re-verified against the live process table before anything is signalled.
   */
  snapshot?: PortSnapshot;
  /** Identities the caller saw (e.g. with start times); a pid whose identity differs is not signalled. */
  expected?: readonly ExpectedIdentity[];
}

/** Root sees every process of its pid namespace, so an invisible owner lives in another one (core/vocabulary). */
export const OWNER_UNKNOWN_REASON = invisibleOwnerReason(false);
export const OWNER_UNKNOWN_ELEVATED_REASON = invisibleOwnerReason(true);

function unknownOwnerAction(rows: readonly ListenerRecord[], elevated: boolean): KillAction {
  const addresses = [...new Set(rows.map((r) => r.address))].join(', ');
  const why = invisibleOwnerReason(elevated);
  return { pid: null, name: null, signal: null, signals: [], result: 'owner-unknown', reason: `listener on ${addresses}: ${why}` };
}

/** Free `port`. See the file comment for the five steps. */
export async function freePort(port: number, options: FreePortRequest, deps: KillDeps): Promise<FreePortResult> {
  const d = resolveKillDeps(deps);
  const started = d.now();
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const elapsed = (): number => d.now() - started;

  const rows = options.snapshot ? options.snapshot.listeners.filter((r) => r.port === port) : await readPort(port, d);
  if (rows.length === 0) {
    const free = options.snapshot ? (await readPort(port, d)).length === 0 : true;
    return { port, free, elapsedMs: elapsed(), actions: [], refused: false };
  }

  // Step 1 and 2 (which pids: port-targets.ts).
  const { candidates, actions, seen, heldFor, containers } = portTargets(rows, options);
  const holdersOf = (list: readonly ListenerRecord[]) => holdersWith(list, heldFor);
  const table = await d.processes.list();
  const targets = await verifyCandidates(candidates, table, d);
  const unknownRows = rows.filter((r) => r.pid === null);

  // Step 3 (and docker-proxy's containers stopped through Docker, when asked to).
  const reach = await sendTerm(targets, table, d);
  const ours = (): Set<number> => new Set([...reach.keys()].filter((pid) => reach.get(pid)?.target.active));
  const viaDocker = await stopContainers(containers, graceMs, d);
  const waitingFor = (): Set<number> => new Set([...ours(), ...containers.map((c) => c.pid)]);

  // Step 4: wait for none of the processes we signalled to hold the port.
  let current = rows;
  const released = async (): Promise<boolean> => {
    current = await readPort(port, d);
    const held = holdersOf(current);
    return [...waitingFor()].every((pid) => !held.has(pid));
  };
  const anyForced = targets.some((t) => t.active && t.forceNow);
  const deadline = anyForced ? d.now() : d.now() + graceMs;
  const inTime = waitingFor().size === 0 ? true : await pollUntil(released, deadline, pollMs, d);

  // Step 5: SIGKILL what still holds the port, then give the kernel a moment to let go.
  if (!inTime) {
    const held = holdersOf(current);
    await sendKill(
      [...ours()].filter((pid) => held.has(pid)),
      reach,
      d,
    );
    await pollUntil(released, d.now() + SETTLE_MS, pollMs, d);
  }

  // Report: a fresh look decides "free".
  const final = await readPort(port, d);
  const finalHolders = holdersOf(final);
  await settleResults(targets, finalHolders, d);
  settleContainerActions(viaDocker, finalHolders);
  actions.push(...viaDocker, ...targets.map((t) => t.action));
  if (unknownRows.length > 0) actions.push(unknownOwnerAction(unknownRows, d.elevated));
  for (const row of final) {
    // Someone who started listening meanwhile and is none of ours: name them, don't kill them.
    if (row.pid === null || seen.has(row.pid) || reach.has(row.pid)) continue;
    if (options.onlyPids && !options.onlyPids.includes(row.pid)) continue;
    seen.add(row.pid);
    actions.push({
      pid: row.pid,
      name: row.name,
      signal: null,
      signals: [],
      result: 'still-running',
      reason: 'started listening during the transaction; not signalled',
    });
  }
  const refused = actions.some((a) => a.result === 'refused-protected' || a.result === 'permission-denied' || a.result === 'owner-unknown');
  if (final.length > 0) return { port, free: false, elapsedMs: elapsed(), actions, refused };
  // Free now: does a surviving parent of what was stopped start it again?
  const stopped = targets.filter((t) => t.action.signals.length > 0).map((t) => t.identity);
  const parents = await survivingParents(stopped, new Set(reach.keys()), table, d);
  const respawned = await watchRespawn(port, parents, options.watchRespawnMs ?? RESPAWN_WATCH_MS, d);
  if (respawned) return { port, free: false, elapsedMs: elapsed(), actions, refused, respawned };
  return { port, free: true, elapsedMs: elapsed(), actions, refused };
}
