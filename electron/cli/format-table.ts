/**
 * Aligned plain-text tables for the CLI's human output. Pure: the caller decides the width.
 */
import { visibleText } from '../core/vocabulary/index.ts';

export interface Column {
  header: string;
  /** 'right' for numbers. Default 'left'. */
  align?: 'left' | 'right';
}

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
  // Middle cut: a little of the start (the program) and as much of the end as fits.
  const head = Math.min(Math.ceil((width - 1) / 3), 24);
  const tail = width - 1 - head;
  return `${shorter.slice(0, head)}…${shorter.slice(shorter.length - tail)}`;
}

/**
 * Render `rows` under `columns`, two spaces between columns. The last column is not padded
 * (no trailing blanks) and, when `maxWidth` is given, is fitted with fitCell so lines fit.
 */
export function formatTable(columns: readonly Column[], rawRows: readonly (readonly string[])[], maxWidth?: number): string {
  const rows = rawRows.map((r) => r.map(printableCell));
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
