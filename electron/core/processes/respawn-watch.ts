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
 * The parents worth watching: alive after the kill and not stopped with their children.
 * Left out: pid 1 (it adopts every orphan; watching for it would slow every free of an
 * orphan by the whole window) and Portwarden and whatever started it (a test runner, the
 * shell running `portwarden free`).
 */
export async function survivingParents(targets: readonly ProcessIdentity[], reached: ReadonlySet<number>, d: ResolvedKillDeps): Promise<ProcessIdentity[]> {
  const table = await d.processes.list();
  const ours = new Set([d.selfPid, ...ancestorsOf(d.selfPid, table)]);
  const out = new Map<number, ProcessIdentity>();
  for (const t of targets) {
    const ppid = t.ppid;
    if (ppid === null || ppid <= 1 || ours.has(ppid) || reached.has(ppid) || out.has(ppid)) continue;
    const parent = await d.processes.get(ppid);
    if (parent && !d.isZombie(ppid)) out.set(ppid, parent);
  }
  return [...out.values()];
}

/**
 * Watch `port` for up to `windowMs`: the first new listener ends the watch. Returns null
 * when nothing came back in time (or every parent died meanwhile).
 */
export async function watchRespawn(port: number, parents: readonly ProcessIdentity[], windowMs: number, d: ResolvedKillDeps): Promise<RespawnReport | null> {
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

async function describe(rows: ListenerRecord[], parents: readonly ProcessIdentity[], afterMs: number, d: ResolvedKillDeps): Promise<RespawnReport> {
  const table = await d.processes.list();
  for (const row of rows) {
    if (row.pid === null) continue;
    const lineage = [row.pid, ...ancestorsOf(row.pid, table)];
    const parent = parents.find((p) => lineage.includes(p.pid));
    if (parent) return { afterMs, listeners: rows, parent: { pid: parent.pid, name: parent.name, command: parent.command } };
  }
  return { afterMs, listeners: rows, parent: null };
}
