/**
 * The All listeners view as pure functions, shared by the dashboard and the tray: the search
 * box, the "dev servers only" filter with its hidden count, grouping by project, and the
 * shell-quoted command for "Copy command". Browser-safe (no Node imports).
 */
import type { ListenerRow } from '../model/listeners.ts';

export interface ListenerGroup {
  /** The project's name, "docker: NAME" / "wsl: NAME" for forwarded ports, or null (no project). */
  project: string | null;
  rows: ListenerRow[];
}

export interface ListenerSelection {
  groups: ListenerGroup[];
  /** Rows the search matched that the dev-servers filter hid. */
  hidden: number;
  /** Rows shown. */
  shown: number;
}

/** The group a row belongs to: its project, else what a forwarder forwards to, else none. */
export function projectOf(row: Pick<ListenerRow, 'project' | 'behind'>): string | null {
  if (row.project !== null) return row.project;
  if (row.behind?.kind === 'docker-container') return `docker: ${row.behind.name ?? 'a container'}`;
  if (row.behind?.kind === 'wsl') return `wsl: ${row.behind.distro ?? 'a distribution'}`;
  return null;
}

/**
 * Does `row` match the search text: every word must be found in the port, pid, parent pid,
 * process name, command line or project (case-insensitive). Empty text matches everything.
 */
export function matchesSearch(row: ListenerRow, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    String(row.port),
    row.pid === null ? '' : String(row.pid),
    row.name ?? '',
    row.command ?? '',
    projectOf(row) ?? '',
    row.address,
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * Filter and group: rows matching `search`, only dev servers when `devOnly` (the rest are
 * counted in `hidden`), grouped by project (named projects A–Z, then "no project"), each
 * group's rows by port, then address.
 */
export function selectListeners(rows: readonly ListenerRow[], search: string, devOnly: boolean): ListenerSelection {
  const groups = new Map<string, ListenerGroup>();
  let hidden = 0;
  let shown = 0;
  for (const row of rows) {
    if (!matchesSearch(row, search)) continue;
    if (devOnly && row.kind !== 'dev') {
      hidden += 1;
      continue;
    }
    shown += 1;
    const project = projectOf(row);
    const key = project ?? '';
    const group = groups.get(key) ?? { project, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.project === null ? 1 : b.project === null ? -1 : a.project.localeCompare(b.project),
  );
  for (const g of sorted)
    g.rows.sort(
      (a, b) => a.port - b.port || a.family.localeCompare(b.family) || a.address.localeCompare(b.address) || (a.pid ?? 0) - (b.pid ?? 0),
    );
  return { groups: sorted, hidden, shown };
}

/** One POSIX shell word: bare when it has only safe characters, else in single quotes. */
function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** argv as one POSIX shell command line, each word quoted only when it needs it. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

/**
 * The command to paste into a shell: `argv` quoted word by word when the OS gave the
 * arguments apart (Linux /proc/PID/cmdline), else the command line as the OS joined it,
 * since its word boundaries are not known (macOS ps, Windows CIM).
 */
export function commandToCopy(row: Pick<ListenerRow, 'argv' | 'command'>): string | null {
  if (row.argv && row.argv.length > 0) return shellQuote(row.argv);
  return row.command;
}

/** "12 dev servers, 31 hidden (system services and desktop apps)". */
export function hiddenWords(selection: Pick<ListenerSelection, 'hidden'>): string {
  if (selection.hidden === 0) return 'none hidden';
  return `${selection.hidden} hidden (system services, other users' and desktop apps)`;
}
