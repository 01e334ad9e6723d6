/**
 * Words for what a kill or a free did: per pid what was sent and what happened, whether the
 * port is free, a respawn by a surviving parent, and an owner that changed before the click.
 * The dashboard, the tray, notifications and the CLI all use these. Pure.
 */
import { holdsSentence } from './owners.ts';
import { formatElapsed } from './time.ts';
import type { ListenerWords, WordOptions } from '../model/words.ts';
import { visibleText } from './visible-text.ts';

export type KillResultWord =
  'exited' | 'released' | 'still-running' | 'refused-protected' | 'permission-denied' | 'identity-changed' | 'not-found' | 'owner-unknown';

export interface KillActionWords {
  pid: number | null;
  name: string | null;
  /** The last signal sent (the words use `signals`). */
  signal?: string | null;
  signals: readonly string[];
  result: KillResultWord;
  reason?: string;
  /** The managed service it belonged to (stopped through the supervisor, left stopped). */
  service?: string;
}

export interface FreeResultWords {
  port: number;
  free: boolean;
  elapsedMs: number;
  refused: boolean;
  actions: readonly KillActionWords[];
  ownerChanged?: readonly ListenerWords[];
  respawned?: {
    afterMs: number;
    listeners: readonly ListenerWords[];
    parent: { pid: number; name: string | null; command: string | null } | null;
  };
}

export interface ActionSummary {
  ok: boolean;
  headline: string;
  lines: string[];
}

export const KILL_RESULT_WORDS: Record<KillResultWord, string> = {
  exited: 'exited',
  released: 'released the port and kept running',
  'still-running': 'is still running and holding the port',
  'refused-protected': 'not signalled: protected process',
  'permission-denied': 'not signalled: owned by another user — run elevated',
  'identity-changed': 'not signalled: the pid now belongs to a different process',
  'not-found': 'not running',
  'owner-unknown': 'owner not visible to this user',
};

/** Names are the processes' own choice: shown with visible escapes (visible-text.ts). */
function who(a: KillActionWords): string {
  const service = a.service ? `, service ${a.service}` : '';
  return a.pid === null ? visibleText(a.name ?? 'unknown owner') : `${visibleText(a.name ?? 'process')} (pid ${a.pid}${service})`;
}

/** "Service api was stopped and stays stopped (…)": said once per service a free or kill stopped. */
export function serviceStoppedLine(id: string): string {
  return `Service ${id} was stopped with its whole process group and stays stopped (it is not restarted automatically); start it again from Services.`;
}

/** In a free's confirmation, after a process of a managed service: what will happen to the service. */
export function serviceWillStop(id: string): string {
  return `service ${id}: the service is stopped (whole process group) and stays stopped`;
}

function servicesStopped(actions: readonly KillActionWords[]): string[] {
  return [...new Set(actions.flatMap((a) => (a.service ? [a.service] : [])))].map(serviceStoppedLine);
}

/** "python3 (pid 4121): sent SIGTERM, SIGKILL → exited". */
export function describeKillAction(a: KillActionWords): string {
  const sent = a.signals.length > 0 ? `sent ${a.signals.join(', ')}` : 'nothing sent';
  const words = KILL_RESULT_WORDS[a.result];
  const reason = a.reason && !words.includes(a.reason) ? ` (${visibleText(a.reason)})` : '';
  return `${who(a)}: ${sent} → ${words}${reason}`;
}

/** "sh (pid 10: sh -c while true; do …)". */
function parentLabel(p: { pid: number; name: string | null; command: string | null }): string {
  const command = p.command ? `: ${p.command.length > 120 ? `${p.command.slice(0, 117)}…` : p.command}` : '';
  return visibleText(`${p.name ?? 'process'} (pid ${p.pid}${command})`);
}

/** The free's outcome: headline plus one line per pid (and the respawn or owner change). */
export function describeFreeResult(r: FreeResultWords, options: WordOptions = {}): ActionSummary {
  if (r.ownerChanged) {
    const now = r.ownerChanged.length > 0 ? `Now ${holdsSentence(r.ownerChanged, r.port, options)}.` : `Nothing listens on ${r.port} now.`;
    return { ok: false, headline: `Nothing was stopped: the owner of port ${r.port} changed since it was shown.`, lines: [now] };
  }
  const lines = [...r.actions.map((a) => describeKillAction(a)), ...servicesStopped(r.actions)];
  if (r.respawned) {
    const back = r.respawned;
    const newcomer = holdsSentence(back.listeners, r.port, options);
    const headline = back.parent
      ? `Port ${r.port} was freed, then taken again ${formatElapsed(back.afterMs)} later: ${newcomer}, started again by ${parentLabel(back.parent)}. Stop that parent to free the port.`
      : `Port ${r.port} was freed, then taken again ${formatElapsed(back.afterMs)} later: ${newcomer}.`;
    return { ok: false, headline, lines };
  }
  const took = formatElapsed(r.elapsedMs);
  const headline = r.free
    ? `Port ${r.port} is free (took ${took}).`
    : `Port ${r.port} is still in use${r.refused ? ': some holders were not stopped' : ''}.`;
  if (r.actions.length === 0) lines.push('Nothing was listening; no signal sent.');
  return { ok: r.free, headline, lines };
}

/**
 * A kill's outcome; `ok` only when this kill stopped it (it exited, or let go of its port):
 * a pid that was not there (already gone, a thread id, reused) was not stopped. The headline says
 * it all on one line (the tray shows only it): "Stopped node (pid 685).", "python3 (pid 7)
 * was not stopped: not signalled: the pid now belongs to a different process (…)."
 */
export function describeKillResult(a: KillActionWords): ActionSummary {
  const ok = a.result === 'exited' || a.result === 'released';
  const forced = a.signals.includes('SIGKILL') ? ' (it ignored SIGTERM; SIGKILL sent)' : '';
  const words = KILL_RESULT_WORDS[a.result];
  const reason = a.reason && !words.includes(a.reason) ? ` (${visibleText(a.reason)})` : '';
  const headline = ok ? `Stopped ${who(a)}${forced}.` : `${who(a)} was not stopped: ${words}${reason}.`;
  return { ok, headline, lines: [describeKillAction(a), ...servicesStopped([a])] };
}

/** One line for places without room for lines (a tray notification). */
export function oneLine(summary: ActionSummary): string {
  return [summary.headline, ...summary.lines].join(' ');
}

/**
 * A free's result looked at again later (the dashboard keeps it on screen): when the port is
 * held again now, "is free" is no longer true — say when it was freed and who holds it now
 * (trial S3: the managed service took it back a second later). `managedBy`: the port's service
 * when the new holder is its own.
 */
export function freeResultNow(
  summary: ActionSummary,
  r: { port: number; free: boolean; elapsedMs: number },
  clock: string,
  nowHolders: readonly ListenerWords[],
  managedBy: string | null,
  options: WordOptions = {},
): ActionSummary {
  if (!r.free || nowHolders.length === 0) return summary;
  const by = managedBy ? `service ${managedBy} took it back: ` : '';
  return {
    ok: true,
    headline: `Port ${r.port} was freed at ${clock} (took ${formatElapsed(r.elapsedMs)}); since then ${by}${holdsSentence(nowHolders, r.port, options)}.`,
    lines: summary.lines.filter((l) => l !== 'Nothing was listening; no signal sent.'),
  };
}

/**
 * A confirmation still open after its processes changed (trial S6): which listed processes no
 * longer hold the port and who does now. Confirming anyway stops nothing (the owners are checked).
 */
export function confirmationOutdated(
  port: number,
  gone: readonly { pid: number; name: string | null }[],
  nowHolders: readonly ListenerWords[],
  options: WordOptions = {},
): string {
  const left = gone.map((g) => `${visibleText(g.name ?? 'process')} (pid ${g.pid})`);
  const now = nowHolders.length > 0 ? `${holdsSentence(nowHolders, port, options)} now` : `nothing listens on ${port} now`;
  return `Changed since this was opened: ${left.join(' and ')} no longer ${left.length > 1 ? 'hold' : 'holds'} ${port}; ${now}. Confirming now stops nothing; cancel and look again.`;
}

/** The action a respawn report offers: stop the parent that keeps starting the listener (trial S7). */
export function stopParentLabel(parent: { pid: number }): string {
  return `Stop parent pid ${parent.pid}`;
}
