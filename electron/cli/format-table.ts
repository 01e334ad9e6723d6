/**
 * Aligned plain-text tables for the CLI's human output. Pure: the caller decides the width.
 */

export interface Column {
  header: string;
  /** 'right' for numbers. Default 'left'. */
  align?: 'left' | 'right';
}

/** Pad `text` to `width` on the side `align` says. */
function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - text.length));
  return align === 'right' ? gap + text : text + gap;
}

/**
 * Render `rows` under `columns`, two spaces between columns. The last column is not padded
 * (no trailing blanks) and, when `maxWidth` is given, is cut with "…" so lines fit.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], maxWidth?: number): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = columns.length - 1;
  const line = (cells: readonly string[]): string => {
    const parts = columns.map((c, i) => {
      const cell = cells[i] ?? '';
      return i === last && (c.align ?? 'left') === 'left' ? cell : pad(cell, widths[i] ?? 0, c.align ?? 'left');
    });
    let text = parts.join('  ').trimEnd();
    if (maxWidth !== undefined && maxWidth > 0 && text.length > maxWidth) text = `${text.slice(0, Math.max(0, maxWidth - 1))}…`;
    return text;
  };
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}
