/**
 * Aligned plain-text tables for the CLI's human output. Pure: the caller decides the width.
 */
import { visibleText } from '../core/vocabulary/index.ts';

export interface Column {
  header: string;
  /** 'right' for numbers. Default 'left'. */
  align?: 'left' | 'right';
  /**
   * May be left out when the lines do not fit: columns with a drop rank go first, lowest rank
   * first, until the last column (the command line, what tells processes apart) has
   * MIN_LAST_ROOM characters. For what another column already says (FAMILY: the address).
   */
  dropRank?: number;
}

/** Room the last column keeps before optional columns are dropped for it. */
export const MIN_LAST_ROOM = 40;

/**
 * Make a cell safe for one table row. Command lines and process names are chosen by
 * whoever started the process: `python3 -c "…"` puts newlines in argv, and a process can
 * name itself "x\n0 0 *:1 *" (a fake row) or hold an escape sequence the user's terminal
 * would run. Every control character is shown as a visible escape (core/vocabulary/visible-text.ts).
 */
export function printableCell(text: string): string {
  return visibleText(text);
}

/** Pad `text` to `width` on the side `align` says. */
function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - text.length));
  return align === 'right' ? gap + text : text + gap;
}

/**
 * Fit a last-column cell (usually a command line) into `width` characters, keeping what
 * tells rows apart: first directories of path arguments go ("…/listener.py"), then the
 * program's own path, and only then the middle of the text, so the arguments at the end
 * survive. Text that fits is returned as it is.
 */
export function fitCell(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  const tokens = text.split(' ');
  const shortPath = (t: string): string => (/^\/.+\/[^/]+$/.test(t) ? `…/${t.slice(t.lastIndexOf('/') + 1)}` : t);
  let shorter = [tokens[0] ?? '', ...tokens.slice(1).map(shortPath)].join(' ');
  if (shorter.length <= width) return shorter;
  shorter = [shortPath(tokens[0] ?? ''), ...tokens.slice(1).map(shortPath)].join(' ');
  if (shorter.length <= width) return shorter;
  // Cut the end: the program and its first arguments (the script, the app module: "main:app"
  // vs "ext:app") tell processes apart; trailing flags such as --port repeat other columns.
  return `${shorter.slice(0, width - 1)}…`;
}

/**
 * Render `rows` under `columns`, two spaces between columns. The last column is not padded
 * (no trailing blanks) and, when `maxWidth` is given, is fitted with fitCell so lines fit.
 */
export function formatTable(allColumns: readonly Column[], rawRows: readonly (readonly string[])[], maxWidth?: number): string {
  const keep = keptColumns(
    allColumns,
    rawRows.map((r) => r.map(printableCell)),
    maxWidth,
  );
  const columns = keep.map((i) => allColumns[i]!);
  const rows = rawRows.map((r) => keep.map((i) => printableCell(r[i] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = columns.length - 1;
  const line = (cells: readonly string[]): string => {
    const parts = columns.map((c, i) => {
      const cell = cells[i] ?? '';
      return i === last && (c.align ?? 'left') === 'left' ? cell : pad(cell, widths[i] ?? 0, c.align ?? 'left');
    });
    let text = parts.join('  ').trimEnd();
    if (maxWidth !== undefined && maxWidth > 0 && text.length > maxWidth) {
      const before = parts.slice(0, last).join('  ');
      const room = maxWidth - before.length - 2;
      // The last column gets what room is left; with too little, cut the whole line.
      text = room >= 12 ? `${before}  ${fitCell(parts[last] ?? '', room)}`.trimEnd() : `${text.slice(0, Math.max(0, maxWidth - 1))}…`;
    }
    return text;
  };
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

/** Width of the lines' part before the last column (cells padded, two spaces between). */
function widthBeforeLast(columns: readonly Column[], rows: readonly (readonly string[])[], keep: readonly number[]): number {
  const widths = keep.slice(0, -1).map((i) => Math.max(columns[i]!.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  return widths.reduce((a, b) => a + b + 2, 0);
}

/**
 * Which columns to show: all when there is no width or the last column has room enough;
 * else droppable columns are left out (lowest dropRank first) until it has MIN_LAST_ROOM.
 */
function keptColumns(columns: readonly Column[], rows: readonly (readonly string[])[], maxWidth?: number): number[] {
  let keep = columns.map((_, i) => i);
  if (maxWidth === undefined || maxWidth <= 0) return keep;
  const lastLength = Math.max(...rows.map((r) => (r[columns.length - 1] ?? '').length), 0);
  const droppable = keep.filter((i) => columns[i]!.dropRank !== undefined).sort((a, b) => columns[a]!.dropRank! - columns[b]!.dropRank!);
  for (const i of droppable) {
    const room = maxWidth - widthBeforeLast(columns, rows, keep);
    if (room >= Math.min(MIN_LAST_ROOM, lastLength)) break;
    keep = keep.filter((k) => k !== i);
  }
  return keep;
}
