import { describe, expect, it } from 'vitest';
import { fitCell, formatTable } from '../../../electron/cli/format-table.ts';

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
  it('keeps a row on one line when a command line holds newlines, tabs or escape sequences', () => {
    const out = formatTable([{ header: 'PID' }, { header: 'COMMAND' }], [['42', 'python3 -c import socket\ns.listen(1)\tx\u001b[2J\u009b']]);
    expect(out.split('\n')).toEqual(['PID  COMMAND', '42   python3 -c import socket\\ns.listen(1)\\tx\\x1b[2J\\x9b']);
  });
  it('fits a long command by shortening path arguments first, so the arguments that tell rows apart stay', () => {
    const cmd = '/root/.pyenv/versions/3.11.7/bin/python3 /work/wt/test/fixtures/processes/listener.py --reuseport --port 41999';
    expect(fitCell(cmd, 200)).toBe(cmd);
    expect(fitCell(cmd, 90)).toBe('/root/.pyenv/versions/3.11.7/bin/python3 …/listener.py --reuseport --port 41999');
    expect(fitCell(cmd, 50)).toBe('…/python3 …/listener.py --reuseport --port 41999');
    const cut = fitCell(cmd, 30);
    expect(cut).toHaveLength(30);
    expect(cut.endsWith('--port 41999')).toBe(true);
    const table = formatTable([{ header: 'PID', align: 'right' }, { header: 'COMMAND' }], [['26348', cmd], ['26352', cmd.replace('--reuseport', '--host ::1')]], 72);
    expect(table.split('\n')).toEqual(['  PID  COMMAND', '26348  …/python3 …/listener.py --reuseport --port 41999', '26352  …/python3 …/listener.py --host ::1 --port 41999']);
  });
});
