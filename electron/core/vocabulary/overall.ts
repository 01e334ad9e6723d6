/** The overall state in words: the tray icon's tooltip, the tray summary, the dashboard header. Pure. */
import type { OverallLevel } from '../model/words.ts';

/** The counts behind a level (ControlState carries them). */
export interface OverallCounts {
  level: OverallLevel;
  /** Watched ports in each state that matters. */
  conflictPorts: number;
  degradedPorts: number;
  watchedPorts: number;
  /** Critical diagnostic checks at the last run. */
  critical: number;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 port in conflict", "3 critical problems", "2 ports down or unhealthy", "All watched ports OK". */
export function overallText(c: OverallCounts): string {
  switch (c.level) {
    case 'paused':
      return 'Monitoring paused';
    case 'conflict':
      return `${plural(c.conflictPorts, 'port')} in conflict`;
    case 'critical':
      return plural(c.critical, 'critical problem');
    case 'degraded':
      return `${plural(c.degradedPorts, 'port')} down or unhealthy`;
    case 'ok':
      return c.watchedPorts === 0 ? 'No ports watched' : 'All watched ports OK';
  }
}

/** The same with the product's name in front, for the tray's tooltip and summary line. */
export function overallSummary(c: OverallCounts): string {
  return `Portwarden — ${overallText(c)}`;
}
