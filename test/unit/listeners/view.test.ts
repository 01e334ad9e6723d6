/**
 * The All listeners view's pure parts: which rows are dev servers, the search, the hidden
 * count, grouping by project, and shell quoting for "Copy command".
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { classifyListener } from '../../../electron/core/listeners/classify.ts';
import {
  commandToCopy,
  hiddenWords,
  matchesSearch,
  projectOf,
  selectListeners,
  shellQuote,
} from '../../../electron/core/listeners/view.ts';
import type { ListenerRow } from '../../../electron/core/model/listeners.ts';
import { listenerRow } from '../../support/listener-row.ts';

const row = listenerRow;

describe('classifyListener', () => {
  it.each([
    [{}, 'dev', null],
    [{ user: 'root' }, 'system', 'runs as root'],
    [{ pid: null, user: null }, 'system', 'owner not visible to this user'],
    [{ name: 'sshd' }, 'system', 'system service sshd'],
    [{ name: 'Spotify', project: null }, 'app', 'desktop app Spotify'],
    [{ name: 'Electron', command: '/Applications/Figma.app/Contents/MacOS/Figma' }, 'app', 'installed application'],
    [
      {
        pid: 5,
        name: 'docker-proxy',
        user: 'root',
        behind: { kind: 'docker-container', id: 'a', name: 'db', image: 'postgres', containerPort: 5432 },
      },
      'dev',
      null,
    ],
  ] as const)('%j is %s', (over, kind, reason) => {
    expect(classifyListener(row(over as Partial<ListenerRow>), 'dev')).toEqual({ kind, reason });
  });

  it('does not judge the user when the OS does not say who we are', () => {
    expect(classifyListener(row({ user: 'root' }), null).kind).toBe('dev');
  });
});

describe('selectListeners', () => {
  const rows = [
    row({ port: 5173, project: 'shop', pid: 10, command: 'node vite' }),
    row({ port: 3000, project: 'shop', pid: 11 }),
    row({ port: 8000, project: 'billing', pid: 12, name: 'python3', command: 'python3 -m uvicorn app:app' }),
    row({ port: 9000, project: null, pid: 13, cwd: '/' }),
    row({ port: 22, project: null, pid: 1, name: 'sshd', kind: 'system', kindReason: 'system service sshd' }),
    row({ port: 631, project: null, pid: null, kind: 'system', kindReason: 'owner not visible to this user' }),
  ];

  it('groups dev servers by project (A–Z, "no project" last), ports in order, and counts what it hid', () => {
    const s = selectListeners(rows, '', true);
    expect(s.groups.map((g) => [g.project, g.rows.map((r) => r.port)])).toEqual([
      ['billing', [8000]],
      ['shop', [3000, 5173]],
      [null, [9000]],
    ]);
    expect(s).toMatchObject({ hidden: 2, shown: 4 });
    expect(hiddenWords(s)).toBe("2 hidden (system services, other users' and desktop apps)");
    expect(selectListeners(rows, '', false)).toMatchObject({ hidden: 0, shown: 6 });
  });

  it('searches port, pid, process, command and project; every word must match', () => {
    expect(selectListeners(rows, 'uvicorn', true).groups.flatMap((g) => g.rows.map((r) => r.port))).toEqual([8000]);
    expect(selectListeners(rows, 'shop 5173', true).shown).toBe(1);
    expect(selectListeners(rows, '13', true).groups[0]?.rows[0]?.pid).toBe(13);
    expect(matchesSearch(rows[2]!, 'PYTHON3')).toBe(true);
    // The search counts hidden rows among its matches only.
    expect(selectListeners(rows, 'sshd', true)).toMatchObject({ shown: 0, hidden: 1 });
  });

  it('names forwarded ports by what is behind them', () => {
    expect(
      projectOf(
        row({ project: null, behind: { kind: 'docker-container', id: 'a', name: 'shop-db-1', image: 'postgres', containerPort: 5432 } }),
      ),
    ).toBe('docker: shop-db-1');
    expect(projectOf(row({ project: null, behind: { kind: 'wsl', distro: 'Ubuntu' } }))).toBe('wsl: Ubuntu');
  });
});

describe('Copy command', () => {
  it('quotes each word only when needed, and a real shell reads back the same words', () => {
    const argv = ['node', '/srv/my app/server.js', '--name', "it's", '$HOME', 'a\nb', '--port=3000', ''];
    const line = shellQuote(argv);
    expect(line).toBe(`node '/srv/my app/server.js' --name 'it'\\''s' '$HOME' 'a\nb' --port=3000 ''`);
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(argv);
  });

  it('copies the joined command line as it is when the OS did not give the words apart', () => {
    expect(commandToCopy({ argv: null, command: 'C:\\Program Files\\nodejs\\node.exe server.js' })).toBe(
      'C:\\Program Files\\nodejs\\node.exe server.js',
    );
  });
});
