/**
 * Words of the All listeners view (dashboard) and the tray's "Listening now": the Watch
 * result and a row's one-line label. The view's pure selection (search, dev-servers filter,
 * groups) lives in core/listeners/view.ts and is re-exported here for the surfaces.
 */
import type { WatchedPortConfig } from '../model/config.ts';
import type { ListenerRow } from '../model/listeners.ts';
import type { ActionSummary } from './kill.ts';
import { visibleText } from './visible-text.ts';

/** "Watching 5173 (shop-web)" and who is now its expected owner. */
export function describeWatchResult(entry: WatchedPortConfig): ActionSummary {
  const name = entry.name ? ` (${visibleText(entry.name)})` : '';
  const lines = entry.owner?.command
    ? [
        `Expected owner: a process whose command line contains "${visibleText(entry.owner.command)}". Any other process on ${entry.port} is reported as a conflict.`,
      ]
    : [];
  return { ok: true, headline: `Watching ${entry.port}${name}.`, lines };
}

/** "5173 node (pid 4121)": a row in a menu or a narrow list. */
export function listenerLine(row: Pick<ListenerRow, 'port' | 'pid' | 'name'>): string {
  const who = row.pid === null ? 'owner not visible' : `${visibleText(row.name ?? 'unknown')} (pid ${row.pid})`;
  return `${row.port} ${who}`;
}

/** The address a browser should open for a row that answered HTTP on loopback. */
export function browserUrl(row: Pick<ListenerRow, 'port' | 'family'>): string {
  return row.family === 'IPv6' ? `http://[::1]:${row.port}/` : `http://127.0.0.1:${row.port}/`;
}

export { commandToCopy, hiddenWords, matchesSearch, projectOf, selectListeners, shellQuote } from '../listeners/view.ts';
export type { ListenerGroup, ListenerSelection } from '../listeners/view.ts';
