/**
 * A watched port's state, derived on every poll from what is true now: the listeners of
 * the current snapshot (with their facts), the config entry, the supervisor's view of the
 * port's service, the latest health result and the latest "address already in use" line
 * of the port's log file. Pure: nothing here is remembered, so a conflict cannot outlive
 * its cause. (The README's "Port statuses" and "Conflict kinds" describe the same rules.)
 *
 * Status, first match wins:
 * - `conflict`  — at least one conflict (below).
 * - `down`      — nothing listens, and something should (a service, an owner, a health check, a log file).
 * - `free`      — nothing listens on a port that expects nothing.
 * - `unhealthy` — someone listens but the last health check failed.
 * - `ok`        — someone listens, no conflict, health (when configured) not failing.
 *
 * Conflicts:
 * - `foreign-owner`      a listener that is not the expected owner: outside the managed
 *                        service's tree, or not matching the owner matcher. An owner that is
 *                        not visible cannot be confirmed, so it counts as foreign.
 * - `multiple-listeners` more than one party listens (a parent and the children sharing its
 *                        socket are one party; so are the workers of one managed service).
 * - `localhost-shadowed` 127.0.0.1 and ::1 reach different parties.
 * - `bind-loop`          the port's service (or log file) said "address already in use" and
 *                        the process it named still holds the port; it ends with that holder.
 */
import type { PortHealth } from '../model/health.ts';
import type { ServiceState } from '../model/services.ts';
import type { Conflict, ListenerView, PortState } from '../model/state.ts';
import type { ListenerRecord } from '../model/ports.ts';
import { listenersReached } from '../health/who-answered.ts';
import { describeConflict } from '../vocabulary/conflicts.ts';
import type { OwnerMismatch } from '../model/words.ts';
import { ownerMismatches } from './owner-match.ts';
import type { WatchEntry } from './watch-list.ts';

/** What is known about one listener row (monitor/listener-facts.ts gathers it). */
export interface ListenerFacts {
  record: ListenerRecord;
  /** In the managed service's process tree. */
  managed: boolean;
  /** Rows with the same party are one program (parent/child, one service's workers). */
  party: string;
  /** The pid heading the party (the eldest); null for a row without a visible owner. */
  partyPid: number | null;
  startedAt: number | null;
  startTime: string | null;
  cwd: string | null;
  unit: string | null;
  container: string | null;
}

/** A process that held the port when the log file said "address already in use". */
export interface LogHolder {
  pid: number | null;
  startTime: string | null;
  address: string;
}

/** The latest "address already in use" line of a port's log file. */
export interface LogAlert {
  at: number;
  line: string;
  holders: LogHolder[];
}

export interface DeriveOptions {
  /** Running as root: an invisible owner is in another pid namespace. */
  elevated?: boolean;
}

function pidsOf(facts: readonly ListenerFacts[]): number[] {
  return [...new Set(facts.map((f) => f.record.pid).filter((p): p is number => p !== null))].sort((a, b) => a - b);
}

/** How a listener differs from the port's owner matcher; null when the port has none. */
function mismatchOf(entry: WatchEntry, f: ListenerFacts): OwnerMismatch[] | null {
  if (entry.owner === null) return null;
  const r = f.record;
  return ownerMismatches(entry.owner, { command: r.command, user: r.user, cwd: f.cwd, unit: f.unit });
}

function isExpected(entry: WatchEntry, f: ListenerFacts): boolean | null {
  if (entry.service !== null) return f.managed;
  const mismatch = mismatchOf(entry, f);
  return mismatch === null ? null : mismatch.length === 0;
}

function conflictOf(kind: Conflict['kind'], facts: readonly ListenerFacts[], extra: Partial<Conflict> = {}): Omit<Conflict, 'detail'> {
  const invisible = facts.some((f) => f.record.pid === null);
  return { kind, pids: pidsOf(facts), ...(invisible ? { invisible } : {}), ...extra };
}

function foreignOwner(entry: WatchEntry, facts: readonly ListenerFacts[]): Omit<Conflict, 'detail'> | null {
  if (entry.service === null && entry.owner === null) return null;
  const foreign = facts.filter((f) => isExpected(entry, f) === false);
  if (foreign.length === 0) return null;
  const first = foreign.find((f) => f.record.pid !== null) ?? foreign[0]!;
  const mismatch = mismatchOf(entry, first);
  return conflictOf('foreign-owner', foreign, mismatch && mismatch.length > 0 ? { mismatch } : {});
}

function localhostShadowed(facts: readonly ListenerFacts[], port: number): Omit<Conflict, 'detail'> | null {
  const records = facts.map((f) => f.record);
  const v4 = listenersReached('127.0.0.1', port, records);
  const v6 = listenersReached('::1', port, records);
  if (v4.length === 0 || v6.length === 0) return null;
  const partyOf = new Map(facts.map((f) => [f.record, f.party]));
  const p4 = new Set(v4.map((r) => partyOf.get(r)));
  const p6 = new Set(v6.map((r) => partyOf.get(r)));
  if (p4.size === p6.size && [...p4].every((p) => p6.has(p))) return null;
  const reached = new Set([...v4, ...v6]);
  return conflictOf(
    'localhost-shadowed',
    facts.filter((f) => reached.has(f.record)),
  );
}

/** The service's bind-loop, only while someone outside its tree holds the port now. */
function serviceBindLoop(service: ServiceState | null, facts: readonly ListenerFacts[]): Omit<Conflict, 'detail'> | null {
  if (!service || service.status !== 'bind-loop') return null;
  const holders = facts.filter((f) => !f.managed);
  if (holders.length === 0) return null;
  return conflictOf('bind-loop', holders, { source: service.pid === null ? 'service-exited' : 'service-running' });
}

/** The log file's bind-loop, only while a process it named still holds the port (same start time). */
function logBindLoop(entry: WatchEntry, alert: LogAlert | null, facts: readonly ListenerFacts[]): Omit<Conflict, 'detail'> | null {
  if (!alert) return null;
  const named = facts.filter((f) =>
    alert.holders.some((h) =>
      h.pid === null ? f.record.pid === null && f.record.address === h.address : h.pid === f.record.pid && h.startTime === f.startTime,
    ),
  );
  // The expected owner holding its own port is no bind-loop (a second copy failed to start).
  const holders = named.filter((f) => isExpected(entry, f) !== true);
  return holders.length > 0 ? conflictOf('bind-loop', holders, { source: 'log' }) : null;
}

function statusOf(entry: WatchEntry, conflicts: readonly Conflict[], listening: boolean, health: PortHealth | null): PortState['status'] {
  if (conflicts.length > 0) return 'conflict';
  if (!listening)
    return entry.service !== null || entry.health !== null || entry.owner !== null || entry.logFile !== null ? 'down' : 'free';
  return health?.state === 'unhealthy' ? 'unhealthy' : 'ok';
}

/** The port's state now. Pure. */
export function derivePort(
  entry: WatchEntry,
  facts: readonly ListenerFacts[],
  service: ServiceState | null,
  health: PortHealth | null,
  alert: LogAlert | null,
  options: DeriveOptions = {},
): PortState {
  const listeners: ListenerView[] = facts.map((f) => ({
    ...f.record,
    startedAt: f.startedAt,
    startTime: f.startTime,
    managed: f.managed,
    expected: isExpected(entry, f),
    partyPid: f.partyPid,
    unit: f.unit,
    container: f.container,
    cwd: f.cwd,
  }));
  const base = {
    port: entry.port,
    name: entry.name,
    service: entry.service,
    owner: entry.owner,
    logFile: entry.logFile,
    listeners,
    health,
  };
  const found = [
    foreignOwner(entry, facts),
    new Set(facts.map((f) => f.party)).size > 1 ? conflictOf('multiple-listeners', facts) : null,
    localhostShadowed(facts, entry.port),
    serviceBindLoop(service, facts),
    logBindLoop(entry, alert, facts),
  ].filter((c): c is Omit<Conflict, 'detail'> => c !== null);
  const conflicts: Conflict[] = found.map((c) => ({ ...c, detail: describeConflict(c, base, { elevated: options.elevated ?? false }) }));
  return { ...base, status: statusOf(entry, conflicts, facts.length > 0, health), conflicts };
}
