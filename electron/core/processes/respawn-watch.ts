/**
 * After a free: is the port taken again by a child of a parent that survived? A shell loop
 * (`while true; do python3 app.py; done`), a supervisor or systemd restarts what was just
 * stopped, and "free" would then be false a moment later. The parents of the processes that
 * were stopped are noted before anything is signalled; if one still lives, the port is
 * watched for a short window, and a new listener descending from it is reported with that
 * parent named — the real fix is to stop the parent.
 */
import type { ListenerRecord } from '../model/ports.ts';
import { ancestorsOf } from './descendants.ts';
import type { ResolvedKillDeps } from './kill-deps.ts';
import { sameProcess } from './identity.ts';
import { readPort } from './terminate.ts';
import type { ProcessIdentity, RespawnReport } from '../model/processes.ts';

/** How long the port is watched after a free whose targets' parents still live. */
export const RESPAWN_WATCH_MS = 2500;
const LOOK_EVERY_MS = 50;

/**
 * The parents worth watching: for each stopped target, its nearest ancestor (in `before`, the
 * table read before anything was signalled) that is still the same process now and was not
 * stopped with it. A parent that died with its child (the `/bin/sh -c` wrapper of a
 * supervised service) is passed over for the one above it: the supervisor that restarts it
 * (trial C1). The walk ends at pid 1 (it adopts every orphan; watching for it would slow
 * every free of an orphan by the whole window), at Portwarden and whatever started it (a test
 * runner, the shell running `portwarden free`), and at a process that was signalled itself.
 */
export async function survivingParents(
  targets: readonly ProcessIdentity[],
  reached: ReadonlySet<number>,
  before: readonly ProcessIdentity[],
  d: ResolvedKillDeps,
): Promise<ProcessIdentity[]> {
  const table = await d.processes.list();
  const ours = new Set([d.selfPid, ...ancestorsOf(d.selfPid, table)]);
  const seenBefore = new Map(before.map((p) => [p.pid, p]));
  const out = new Map<number, ProcessIdentity>();
  for (const t of targets) {
    const chain = t.ppid === null ? [] : [t.ppid, ...ancestorsOf(t.ppid, before)];
    for (const pid of chain) {
      if (pid <= 1 || ours.has(pid) || reached.has(pid)) break;
      if (out.has(pid)) break;
      const now = await d.processes.get(pid);
      const then = seenBefore.get(pid);
      const alive = now !== null && !d.isZombie(pid) && (then === undefined || sameProcess(then, now));
      if (!alive) continue;
      out.set(pid, now);
      break;
    }
  }
  return [...out.values()];
}

/**
 * Watch `port` for up to `windowMs`: the first new listener ends the watch. Returns null
 * when nothing came back in time (or every parent died meanwhile).
 */
export async function watchRespawn(
  port: number,
  parents: readonly ProcessIdentity[],
  windowMs: number,
  d: ResolvedKillDeps,
): Promise<RespawnReport | null> {
  if (parents.length === 0 || windowMs <= 0) return null;
  const started = d.now();
  for (;;) {
    const rows = await readPort(port, d);
    if (rows.length > 0) return describe(rows, parents, d.now() - started, d);
    const alive = await Promise.all(parents.map(async (p) => sameProcess(p, await d.processes.get(p.pid)) && !d.isZombie(p.pid)));
    if (!alive.some(Boolean) || d.now() - started >= windowMs) return null;
    await d.sleep(LOOK_EVERY_MS);
  }
}

async function describe(
  rows: ListenerRecord[],
  parents: readonly ProcessIdentity[],
  afterMs: number,
  d: ResolvedKillDeps,
): Promise<RespawnReport> {
  const table = await d.processes.list();
  for (const row of rows) {
    if (row.pid === null) continue;
    const lineage = [row.pid, ...ancestorsOf(row.pid, table)];
    const parent = parents.find((p) => lineage.includes(p.pid));
    if (parent) return { afterMs, listeners: rows, parent: { pid: parent.pid, name: parent.name, command: parent.command } };
  }
  return { afterMs, listeners: rows, parent: null };
}
