/** Words for what a service action (start, stop, restart, free & start) left. Pure. */
import { holdsSentence } from './owners.ts';
import { formatElapsed } from './time.ts';
import type { ListenerWords, WordOptions } from '../model/words.ts';

export interface ServiceActionWords {
  action: 'start' | 'stop' | 'restart' | 'free-and-start';
  outcome: 'listening' | 'running' | 'stopped' | 'exited' | 'blocked' | 'timeout';
  service: { id: string; pid: number | null; port: number | null };
  waitedMs: number;
  exit: { code: number | null; signal: string | null } | null;
  logTail: readonly { text: string }[];
  holders: readonly ListenerWords[];
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

/** "Started api: listening on 8000 (pid 5123, after 340 ms)." and, when it failed, why. */
export function describeServiceAction(r: ServiceActionWords, options: WordOptions = {}): { ok: boolean; headline: string; lines: string[] } {
  const { id, pid, port } = r.service;
  const after = formatElapsed(r.waitedMs);
  const held = port !== null && r.holders.length > 0 ? `${holdsSentence(r.holders, port, options)}.` : null;
  const tail = r.logTail.slice(-TAIL_SHOWN).map((l) => `› ${l.text}`);
  switch (r.outcome) {
    case 'listening':
      return { ok: true, headline: `${VERB[r.action]} ${id}: listening on ${port} (pid ${pid}, after ${after}).`, lines: held ? [`Also on the port: ${held}`] : [] };
    case 'running':
      return { ok: true, headline: `${VERB[r.action]} ${id}: running (pid ${pid}, still up after ${after}).`, lines: [] };
    case 'stopped':
      return { ok: true, headline: `Stopped ${id}.`, lines: [] };
    case 'exited':
      return { ok: false, headline: `${id} did not start: ${exitWords(r.exit)} after ${after}.`, lines: [...(held ? [held] : []), ...tail] };
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
