/** Words for what a service action (start, stop, restart, free & start) left. Pure. */
import { holdsSentence, processLabel } from './owners.ts';
import { formatElapsed } from './time.ts';
import { describeFreeResult, describeKillAction } from './kill.ts';
import type { FreeResultWords } from './kill.ts';
import type { ListenerWords, WordOptions } from '../model/words.ts';

export interface ServiceActionWords {
  action: 'start' | 'stop' | 'restart' | 'free-and-start';
  outcome: 'listening' | 'running' | 'stopped' | 'exited' | 'blocked' | 'timeout';
  service: { id: string; pid: number | null; port: number | null };
  waitedMs: number;
  exit: { code: number | null; signal: string | null } | null;
  logTail: readonly { text: string }[];
  holders: readonly ListenerWords[];
  /** `listening`: the service's own processes on its port (the leader may be a `sh -c` wrapper). */
  listeners?: readonly ListenerWords[];
  /** free-and-start: what freeing the port did (whom it stopped, with which signals). */
  freed?: FreeResultWords | null;
}

const VERB: Record<ServiceActionWords['action'], string> = {
  start: 'Started',
  stop: 'Stopped',
  restart: 'Restarted',
  'free-and-start': 'Freed the port and started',
};

/** Lines of output shown with a failure. */
const TAIL_SHOWN = 5;

function exitWords(exit: ServiceActionWords['exit']): string {
  if (!exit) return 'it exited';
  return exit.signal ? `it was killed by ${exit.signal}` : `it exited with code ${exit.code ?? '?'}`;
}

/**
 * Who listens, by the pid that really holds the socket: "uvicorn (pid 5124) listens on 8000
 * (after 340 ms; started by pid 5123)" when the leader is a wrapper (`sh -c …`) — trial S4;
 * "listening on 8000 (pid 5123, after 340 ms)" when the leader itself listens or nobody was named.
 */
function listeningWords(listeners: readonly ListenerWords[], port: number | null, leader: number | null, after: string): string {
  const pids = [...new Map(listeners.filter((l) => l.pid !== null).map((l) => [l.pid!, l])).values()];
  if (pids.length === 0 || (pids.length === 1 && pids[0].pid === leader)) return `listening on ${port} (pid ${leader}, after ${after})`;
  const who = pids.map((l) => processLabel(l)).join(' and ');
  const by = leader !== null && !pids.some((l) => l.pid === leader) ? `; started by pid ${leader}` : '';
  return `${who} ${pids.length > 1 ? 'listen' : 'listens'} on ${port} (after ${after}${by})`;
}

/** "Started api: uvicorn (pid 5124) listens on 8000 (after 340 ms; started by pid 5123)." and, when it failed, why. */
export function describeServiceAction(
  r: ServiceActionWords,
  options: WordOptions = {},
): { ok: boolean; headline: string; lines: string[] } {
  if (r.freed?.ownerChanged) {
    const changed = describeFreeResult(r.freed, options);
    return {
      ok: false,
      headline: `Nothing was stopped or started: the owner of port ${r.freed.port} changed since it was shown.`,
      lines: changed.lines,
    };
  }
  const described = describeOutcome(r, options);
  // Free & start says whom it stopped to free the port, and how (trial S5).
  if (r.action !== 'free-and-start' || !r.freed) return described;
  const stopped =
    r.freed.actions.length > 0
      ? r.freed.actions.map((a) => `Stopped to free the port: ${describeKillAction(a)}`)
      : ['The port was already free: nothing was stopped.'];
  return { ...described, lines: [...stopped, ...described.lines] };
}

function describeOutcome(r: ServiceActionWords, options: WordOptions): { ok: boolean; headline: string; lines: string[] } {
  const { id, pid, port } = r.service;
  const after = formatElapsed(r.waitedMs);
  const held = port !== null && r.holders.length > 0 ? `${holdsSentence(r.holders, port, options)}.` : null;
  const tail = r.logTail.slice(-TAIL_SHOWN).map((l) => `› ${l.text}`);
  switch (r.outcome) {
    case 'listening':
      return {
        ok: true,
        headline: `${VERB[r.action]} ${id}: ${listeningWords(r.listeners ?? [], port, pid, after)}.`,
        lines: held ? [`Also on the port: ${held}`] : [],
      };
    case 'running':
      return { ok: true, headline: `${VERB[r.action]} ${id}: running (pid ${pid}, still up after ${after}).`, lines: [] };
    case 'stopped':
      return { ok: true, headline: `Stopped ${id}.`, lines: [] };
    case 'exited':
      return {
        ok: false,
        headline: `${id} did not start: ${exitWords(r.exit)} after ${after}.`,
        lines: [...(held ? [held] : []), ...tail],
      };
    case 'blocked':
      return { ok: false, headline: `${id} did not start: port ${port} is in use${held ? ` — ${held.slice(0, -1)}` : ''}.`, lines: tail };
    case 'timeout':
      return {
        ok: false,
        headline: `${id} is running (pid ${pid}) but not listening on ${port} after ${after}.`,
        lines: [...(held ? [held] : []), ...tail],
      };
  }
}

/** The one-line message carried in the API result. */
export function serviceActionMessage(r: ServiceActionWords, options: WordOptions = {}): string {
  const d = describeServiceAction(r, options);
  return [d.headline, ...d.lines.filter((l) => !l.startsWith('›'))].join(' ');
}
