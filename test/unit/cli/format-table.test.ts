import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../electron/cli/format-table.ts';

describe('formatTable', () => {
  it('aligns columns, numbers to the right, no trailing blanks', () => {
    const out = formatTable([{ header: 'PORT', align: 'right' }, { header: 'NAME' }, { header: 'COMMAND' }], [
      ['80', 'nginx', 'nginx: master'],
      ['8000', 'python3', 'python3 -m http.server'],
    ]);
    expect(out.split('\n')).toEqual([
      'PORT  NAME     COMMAND',
      '  80  nginx    nginx: master',
      '8000  python3  python3 -m http.server',
    ]);
  });
  it('cuts lines to the given width with an ellipsis', () => {
    const out = formatTable([{ header: 'A' }, { header: 'B' }], [['x', 'a very long command line indeed']], 12);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(12);
    expect(out.split('\n')[1]).toBe('x  a very l…');
  });
  it('renders a header alone for no rows', () => {
    expect(formatTable([{ header: 'PID' }, { header: 'NAME' }], [])).toBe('PID  NAME');
  });
});
