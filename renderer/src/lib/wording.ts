/**
 * The dashboard's words. Every sentence about an owner, a conflict, a kill or free result or
 * a service action comes from the core vocabulary (electron/core/vocabulary/, pure), so the
 * dashboard, the tray, notifications and the CLI say the same thing; here are only the
 * status words of the badges and the adapters that add each process's age.
 */
import type { Conflict, ListenerView, PortState, PortStatus, ServiceStatus } from '../../../electron/core/control/contract.ts';
import {
  conflictListeners,
  describeConflict as conflictWords,
  processLabel,
  serviceWillStop,
  uniqueProcesses,
} from '../../../electron/core/vocabulary/index.ts';

export { describeFreeResult, describeKillResult } from '../../../electron/core/vocabulary/index.ts';
export type { ActionSummary } from '../../../electron/core/vocabulary/index.ts';
export { describeServiceAction } from '../../../electron/core/vocabulary/index.ts';
export { describeAnswer, routeVerdict } from '../../../electron/core/vocabulary/index.ts';

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
  return uniqueProcesses(listeners.filter((l) => l.pid !== null));
}

/** "python3 (pid 4121, started 3 h ago)". */
export function describeProcess(l: Pick<ListenerView, 'pid' | 'name' | 'startedAt'>, now: number): string {
  return processLabel(l, { now });
}

/**
 * The conflict in plain words with each process's age (the same sentence as its `detail`,
 * plus ages); the server's `detail` when the rows it names are not in this state (an event
 * that arrived before the state it belongs to).
 */
export function describeConflict(conflict: Conflict, port: PortState, now: number): string {
  if (conflictListeners(conflict, port).length === 0) return conflict.detail;
  return conflictWords(conflict, port, { now });
}

/**
 * The processes a "Free port" would stop, for the confirmation dialog, and the identities
 * sent with the click: if the port's owners are not these any more, nothing is signalled.
 */
export function freeTargets(
  port: PortState,
  now: number,
): { text: string; name: string | null; command: string | null; pid: number; startTime: string | null }[] {
  return uniqueOwners(port.listeners).map((l) => ({
    text: `${describeProcess(l, now)}${l.partyPid !== null && l.partyPid !== l.pid ? `, child of pid ${l.partyPid}` : ''}${l.user ? `, user ${l.user}` : ''}${l.managed && port.service ? ` — ${serviceWillStop(port.service)}` : ''}`,
    name: l.name,
    command: l.command,
    pid: l.pid!,
    startTime: l.startTime,
  }));
}
