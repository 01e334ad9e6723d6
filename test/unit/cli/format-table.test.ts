import { describe, expect, it } from 'vitest';
import { fitCell, formatTable } from '../../../electron/cli/format-table.ts';

describe('formatTable', () => {
  it('aligns columns, numbers to the right, no trailing blanks', () => {
    const out = formatTable(
      [{ header: 'PORT', align: 'right' }, { header: 'NAME' }, { header: 'COMMAND' }],
      [
        ['80', 'nginx', 'nginx: master'],
        ['8000', 'python3', 'python3 -m http.server'],
      ],
    );
    expect(out.split('\n')).toEqual(['PORT  NAME     COMMAND', '  80  nginx    nginx: master', '8000  python3  python3 -m http.server']);
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
    const out = formatTable(
      [{ header: 'PID' }, { header: 'COMMAND' }],
      [['42', 'python3 -c import socket\ns.listen(1)\tx\u001b[2J\u009b']],
    );
    expect(out.split('\n')).toEqual(['PID  COMMAND', '42   python3 -c import socket\\ns.listen(1)\\tx\\x1b[2J\\x9b']);
  });
  it('fits a long command by shortening path arguments first, so the arguments that tell rows apart stay', () => {
    const cmd = '/root/.pyenv/versions/3.11.7/bin/python3 /work/wt/test/fixtures/processes/listener.py --reuseport --port 41999';
    expect(fitCell(cmd, 200)).toBe(cmd);
    expect(fitCell(cmd, 90)).toBe('/root/.pyenv/versions/3.11.7/bin/python3 …/listener.py --reuseport --port 41999');
    expect(fitCell(cmd, 50)).toBe('…/python3 …/listener.py --reuseport --port 41999');
    // Narrower still: the end goes (trailing flags repeat other columns), the program and its
    // first arguments stay ("main:app" vs "ext:app", trial C8).
    const cut = fitCell(cmd, 30);
    expect(cut).toHaveLength(30);
    expect(cut).toBe('…/python3 …/listener.py --reu…');
    expect(fitCell('/usr/bin/python3 /tmp/pwt/bin/uvicorn main:app --host 0.0.0.0 --port 8000', 33)).toBe(
      '…/python3 …/uvicorn main:app --h…',
    );
    const table = formatTable(
      [{ header: 'PID', align: 'right' }, { header: 'COMMAND' }],
      [
        ['26348', cmd],
        ['26352', cmd.replace('--reuseport', '--host ::1')],
      ],
      72,
    );
    expect(table.split('\n')).toEqual([
      '  PID  COMMAND',
      '26348  …/python3 …/listener.py --reuseport --port 41999',
      '26352  …/python3 …/listener.py --host ::1 --port 41999',
    ]);
  });
  it('in a narrow terminal drops FAMILY, then PROJECT, then USER before cutting the command (trial C8)', () => {
    const columns = [
      { header: 'PID', align: 'right' as const },
      { header: 'FAMILY', dropRank: 1 },
      { header: 'USER', dropRank: 3 },
      { header: 'PROJECT', dropRank: 2 },
      { header: 'COMMAND' },
    ];
    const rows = [['4063', 'IPv4', 'root', 'shop', '/usr/bin/python3 /srv/bin/uvicorn main:app --port 8000']];
    expect(formatTable(columns, rows, 200).split('\n')[1]).toBe(
      '4063  IPv4    root  shop     /usr/bin/python3 /srv/bin/uvicorn main:app --port 8000',
    );
    expect(formatTable(columns, rows, 60).split('\n')).toEqual([
      ' PID  USER  COMMAND',
      '4063  root  /usr/bin/python3 …/uvicorn main:app --port 8000',
    ]);
    expect(formatTable(columns, rows, 40).split('\n')).toEqual([' PID  COMMAND', '4063  …/python3 …/uvicorn main:app --po…']);
  });
});
