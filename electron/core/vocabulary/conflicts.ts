/**
 * Every sentence about a conflict. The monitor writes each conflict's `detail` with these
 * (no ages, so the text only changes when the facts do); the dashboard calls the same
 * functions with `now` to add each process's age. Pure.
 */
import { expectedOwner, families, familyLabel, holdsSentence, invisibleOwner, joinWords, mismatchWords, processLabel } from './owners.ts';
import type { ConflictKind, ListenerWords, OwnerMismatch, OwnerWords, WordOptions } from '../model/words.ts';

/** A port as the conflict sentences need it (a PortState fits). */
export interface PortWords {
  port: number;
  name: string | null;
  service: string | null;
  owner?: OwnerWords | null;
  logFile?: string | null;
  listeners: readonly ListenerWords[];
  health?: { answeredBy: { pid: number | null; expected?: boolean | null } | null } | null;
}

/** A conflict as the sentences need it (a contract Conflict fits). */
export interface ConflictWords {
  kind: ConflictKind;
  pids: readonly number[];
  /** bind-loop: the service exited, still runs (a watcher), or the port's log file said it. */
  source?: 'service-exited' | 'service-running' | 'log';
  /** foreign-owner against an owner matcher: how the (first) holder differs. */
  mismatch?: readonly OwnerMismatch[];
  /** Listener rows with no visible owner are part of the conflict. */
  invisible?: boolean;
}

/** The listeners a conflict is about: its pids, plus the invisible rows when it names them. */
export function conflictListeners(conflict: ConflictWords, port: PortWords): ListenerWords[] {
  return port.listeners.filter((l) => (l.pid === null ? conflict.invisible === true : conflict.pids.includes(l.pid)));
}

function portOwner(port: PortWords): string {
  if (port.service) return `service ${port.service}`;
  if (port.owner) return expectedOwner(port.owner);
  return port.name ? `“${port.name}”` : 'a watched entry';
}

function answersHealth(conflict: ConflictWords, port: PortWords): boolean {
  const a = port.health?.answeredBy;
  if (!a || a.expected !== false) return false;
  return a.pid === null ? conflict.invisible === true : conflict.pids.includes(a.pid);
}

function foreignOwner(conflict: ConflictWords, port: PortWords, who: ListenerWords[], o: WordOptions): string {
  const held = holdsSentence(who, port.port, o);
  const answers = answersHealth(conflict, port) ? '; it answers the health check' : '';
  if (port.service) return `${held}, which belongs to service ${port.service}${answers}`;
  const why = (conflict.mismatch ?? []).map(mismatchWords);
  return `${held}; expected ${portOwner(port)}${why.length > 0 ? `: ${joinWords(why)}` : ''}${answers}`;
}

function multipleListeners(port: PortWords, who: ListenerWords[], o: WordOptions): string {
  const groups = families(who);
  const list = groups.map((g) => `${familyLabel(g, o)} on ${[...new Set(g.map((l) => l.address))].join(', ')}`);
  return `${groups.length} separate processes listen on ${port.port}: ${list.join(', ')}; a request may reach any of them`;
}

function localhostShadowed(port: PortWords, conflict: ConflictWords, o: WordOptions): string {
  // Which process is on which address is the whole point: list them by address.
  const byAddress = new Map<string, string[]>();
  for (const l of port.listeners) {
    if (l.pid !== null && !conflict.pids.includes(l.pid)) continue;
    const names = byAddress.get(l.address) ?? [];
    const name = l.pid === null ? invisibleOwner(o.elevated) : processLabel(l, o);
    if (!names.includes(name)) names.push(name);
    byAddress.set(l.address, names);
  }
  const where = [...byAddress]
    .map(([address, names]) => `${address.includes(':') ? `[${address}]` : address} → ${joinWords(names)}`)
    .join('; ');
  return `“localhost:${port.port}” may reach a different process depending on IPv4 or IPv6: ${where}`;
}

function bindLoop(conflict: ConflictWords, port: PortWords, who: ListenerWords[], o: WordOptions): string {
  const held = holdsSentence(who, port.port, o);
  if (conflict.source === 'log') {
    const expected = port.owner ? `; ${expectedOwner(port.owner)} cannot bind it` : '';
    return `${port.logFile ?? 'the log file'} says “address already in use”: ${held}${expected}`;
  }
  const how = conflict.source === 'service-running' ? 'cannot bind' : 'stopped';
  return `service ${port.service ?? '?'} ${how}: "address already in use" — ${held}`;
}

/** The conflict in plain words; with `options.now` every process gets its age. */
export function describeConflict(conflict: ConflictWords, port: PortWords, options: WordOptions = {}): string {
  const who = conflictListeners(conflict, port);
  switch (conflict.kind) {
    case 'foreign-owner':
      return foreignOwner(conflict, port, who, options);
    case 'multiple-listeners':
      return multipleListeners(port, who, options);
    case 'localhost-shadowed':
      return localhostShadowed(port, conflict, options);
    case 'bind-loop':
      return bindLoop(conflict, port, who, options);
  }
}

/** Notification titles, one per kind: "Port 8000 (api) taken by another process". */
export const CONFLICT_TITLES: Record<ConflictKind, string> = {
  'foreign-owner': 'taken by another process',
  'multiple-listeners': 'has more than one listener',
  'localhost-shadowed': 'is shadowed on localhost',
  'bind-loop': 'cannot be bound by its owner',
};

export function conflictTitle(kind: ConflictKind, port: number, name: string | null): string {
  return `Port ${name ? `${port} (${name})` : port} ${CONFLICT_TITLES[kind]}`;
}
