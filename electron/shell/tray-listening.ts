/**
 * The tray's "Listening now" submenu as a pure function of the All listeners rows
 * (core/listeners/): dev servers only, grouped by project, at most MAX_LISTENING_ROWS
 * processes (the rest counted and left to the dashboard), each with the view's actions.
 */
import type { ListenerRow } from '../core/control/contract.ts';
import { browserUrl, commandToCopy, hiddenWords, selectListeners } from '../core/vocabulary/index.ts';
import type { MenuItemDescriptor } from './tray-menu-items.ts';
import { escapeLabel, item, separator } from './tray-menu-items.ts';

/** A menu taller than this scrolls off the screen on a laptop. */
export const MAX_LISTENING_ROWS = 15;

function rowLabel(row: ListenerRow): string {
  const who = row.name ? `${escapeLabel(row.name)} (${row.pid})` : `pid ${row.pid}`;
  return `${row.port} — ${who}${row.watched ? ' · watched' : ''}`;
}

function rowSubmenu(row: ListenerRow): MenuItemDescriptor[] {
  const id = `listening-${row.port}-${row.pid}`;
  const seen = row.command ? { command: row.command } : {};
  const copy = commandToCopy(row);
  if (row.behind?.kind === 'docker-container' && row.behind.id !== null) {
    // docker-proxy would only be restarted by Docker: stop the container instead.
    const name = escapeLabel(row.behind.name ?? row.behind.id.slice(0, 12));
    return [
      item(`${id}-stop-container`, `Stop container ${name}`, {
        type: 'free-port',
        port: row.port,
        owners: [{ pid: row.pid!, ...seen }],
        stopContainers: true,
      }),
      item(`${id}-copy`, 'Copy command', copy ? { type: 'copy-text', text: copy } : undefined),
    ];
  }
  return [
    item(`${id}-free`, `Free port ${row.port}`, { type: 'free-port', port: row.port, owners: [{ pid: row.pid!, ...seen }] }),
    item(`${id}-kill`, `Kill ${row.name ? escapeLabel(row.name) : 'pid'} (${row.pid})`, {
      type: 'kill-process',
      pid: row.pid!,
      port: row.port,
      ...seen,
    }),
    item(`${id}-copy`, 'Copy command', copy ? { type: 'copy-text', text: copy } : undefined),
    item(`${id}-open`, 'Open in browser', row.http === true ? { type: 'open-url', url: browserUrl(row) } : undefined),
    item(
      `${id}-watch`,
      row.watched ? 'Watched' : 'Watch this port',
      !row.watched && row.command ? { type: 'watch-port', port: row.port, pid: row.pid!, command: row.command } : undefined,
    ),
  ];
}

/**
 * The submenu's entries: a disabled project heading, then one entry per process on a port
 * (an IPv4 and an IPv6 socket of one process are one entry). `rows` null: not read yet.
 */
export function listeningNowItems(rows: readonly ListenerRow[] | null): MenuItemDescriptor[] {
  if (rows === null) return [item('listening-none', 'Reading…')];
  const selection = selectListeners(
    rows.filter((r) => r.pid !== null),
    '',
    true,
  );
  const out: MenuItemDescriptor[] = [];
  let shown = 0;
  let left = 0;
  for (const group of selection.groups) {
    const seen = new Set<string>();
    const entries: MenuItemDescriptor[] = [];
    for (const row of group.rows) {
      const key = `${row.port}:${row.pid}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (shown >= MAX_LISTENING_ROWS) {
        left += 1;
        continue;
      }
      shown += 1;
      entries.push({
        id: `listening-${row.port}-${row.pid}`,
        type: 'submenu',
        label: rowLabel(row),
        enabled: true,
        submenu: rowSubmenu(row),
      });
    }
    if (entries.length === 0) continue;
    if (out.length > 0) out.push(separator(`listening-sep-${out.length}`));
    out.push(
      item(`listening-project-${group.project ?? '-'}`, group.project === null ? 'No project' : escapeLabel(group.project)),
      ...entries,
    );
  }
  if (shown === 0) out.push(item('listening-none', 'No dev server is listening'));
  out.push(separator('listening-sep-end'));
  const more = left > 0 ? `${left} more, ` : '';
  out.push(item('listening-all', `Show all listeners (${more}${hiddenWords(selection)})…`, { type: 'open-dashboard', view: 'listeners' }));
  return out;
}
