/** Plain-words sentences for conflicts, free-port targets and action results. Pure. */
import type { Conflict, ListenerView, PortState, PortStatus, ServiceStatus } from '../../../electron/core/control/contract.ts';
import type { FreePortResult, KillAction, KillResult } from '../../../electron/core/processes/types.ts';
import { formatDuration, formatStartedAgo } from './format.ts';

export const PORT_STATUS_WORDS: Record<PortStatus, string> = {
  free: 'Free',
  ok: 'OK',
  conflict: 'Conflict',
  unhealthy: 'Unhealthy',
  down: 'Down',
};

export const SERVICE_STATUS_WORDS: Record<ServiceStatus, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  backoff: 'Waiting to restart',
  crashed: 'Crashed',
  'bind-loop': 'Port taken',
};

/** One listener per pid (a process with an IPv4 and an IPv6 socket appears once). */
export function uniqueOwners(listeners: readonly ListenerView[]): ListenerView[] {
  const seen = new Set<number>();
  const out: ListenerView[] = [];
  for (const l of listeners) {
    if (l.pid === null || seen.has(l.pid)) continue;
    seen.add(l.pid);
    out.push(l);
  }
  return out;
}

/** "python3 (pid 4121, started 3 h ago)". */
export function describeProcess(l: Pick<ListenerView, 'pid' | 'name' | 'startedAt'>, now: number): string {
  const name = l.name ?? 'an unknown process';
  if (l.pid === null) return `${name} (owner not visible to this user)`;
  return `${name} (pid ${l.pid}, ${formatStartedAgo(l.startedAt, now)})`;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function owner(port: PortState): string {
  if (port.service) return `service ${port.service}`;
  return port.name ? `“${port.name}”` : 'a watched entry';
}

/**
 * The conflict in plain words with each process's age, e.g.
 * "python3 (pid 4121, started 3 h ago) holds 8000, which belongs to service api".
 * Falls back to the server's own wording when the named pids are not among the listeners.
 */
export function describeConflict(conflict: Conflict, port: PortState, now: number): string {
  const procs = conflict.pids
    .map((pid) => port.listeners.find((l) => l.pid === pid))
    .filter((l): l is ListenerView => l !== undefined);
  if (procs.length === 0) return conflict.detail;
  const who = joinWords(procs.map((l) => describeProcess(l, now)));
  const verb = procs.length === 1 ? 'holds' : 'hold';
  switch (conflict.kind) {
    case 'foreign-owner':
      return `${who} ${verb} ${port.port}, which belongs to ${owner(port)}`;
    case 'multiple-listeners':
      return `${procs.length} processes listen on ${port.port} at once: ${who}; a request may reach any of them`;
    case 'localhost-shadowed': {
      // Which process is on which address is the whole point: list them by address.
      const byAddress = new Map<string, string[]>();
      for (const l of port.listeners) {
        // Owners this user cannot see are one side of the split too.
        if (l.pid !== null && !conflict.pids.includes(l.pid)) continue;
        const names = byAddress.get(l.address) ?? [];
        const name = l.pid === null ? 'a process not visible to this user' : describeProcess(l, now);
        if (!names.includes(name)) names.push(name);
        byAddress.set(l.address, names);
      }
      const where = [...byAddress].map(([address, names]) => `${address.includes(':') ? `[${address}]` : address} → ${joinWords(names)}`).join('; ');
      return `“localhost:${port.port}” may reach a different process depending on IPv4 or IPv6: ${where}`;
    }
    case 'bind-loop':
      return `${owner(port)} keeps failing to start because ${who} ${verb} ${port.port}`;
    default:
      return conflict.detail;
  }
}

/** The processes a "Free port" would stop, for the confirmation dialog. */
export function freeTargets(port: PortState, now: number): { text: string; command: string | null }[] {
  return uniqueOwners(port.listeners).map((l) => ({ text: `${describeProcess(l, now)}${l.user ? `, user ${l.user}` : ''}`, command: l.command }));
}

const RESULT_WORDS: Record<KillResult, string> = {
  exited: 'exited',
  released: 'released the port and kept running',
  'still-running': 'is still running and holding the port',
  'refused-protected': 'not signalled: protected process',
  'permission-denied': 'not signalled: owned by another user — run elevated',
  'identity-changed': 'not signalled: the pid now belongs to a different process',
  'not-found': 'had already exited',
  'owner-unknown': 'owner not visible to this user',
};

/** "python3 (pid 4121): sent SIGTERM, SIGKILL → exited". */
export function describeKillAction(a: KillAction): string {
  const who = a.pid === null ? (a.name ?? 'unknown owner') : `${a.name ?? 'process'} (pid ${a.pid})`;
  const sent = a.signals.length > 0 ? `sent ${a.signals.join(', ')}` : 'nothing sent';
  const reason = a.reason && !RESULT_WORDS[a.result].includes(a.reason) ? ` (${a.reason})` : '';
  return `${who}: ${sent} → ${RESULT_WORDS[a.result]}${reason}`;
}

export interface ActionSummary {
  ok: boolean;
  headline: string;
  lines: string[];
}

export function describeFreeResult(r: FreePortResult): ActionSummary {
  const took = r.elapsedMs < 1000 ? `${Math.round(r.elapsedMs)} ms` : formatDuration(r.elapsedMs);
  const headline = r.free
    ? `Port ${r.port} is free (took ${took}).`
    : `Port ${r.port} is still in use${r.refused ? ': some holders were not stopped' : ''}.`;
  const lines = r.actions.map(describeKillAction);
  if (r.actions.length === 0) lines.push('Nothing was listening; no signal sent.');
  return { ok: r.free, headline, lines };
}

export function describeKillResult(a: KillAction): ActionSummary {
  const ok = a.result === 'exited' || a.result === 'released' || a.result === 'not-found';
  return { ok, headline: ok ? `Stopped pid ${a.pid}.` : `Pid ${a.pid} was not stopped.`, lines: [describeKillAction(a)] };
}

export { describeServiceAction } from '../../../electron/core/vocabulary/services.ts';
