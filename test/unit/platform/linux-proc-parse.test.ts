import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { displayName, parseCmdline, parseProcStat, parseStatusUid } from '../../../electron/core/platform/linux-proc-parse.ts';
import { parsePasswd } from '../../../electron/core/processes/linux-users.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('parseProcStat', () => {
  it('reads pid, comm, ppid, pgid and starttime (field 22) from a recorded stat', () => {
    expect(parseProcStat(fixture('processes/linux/stat-cat.txt'))).toEqual({
      pid: 11422,
      comm: 'cat',
      state: 'R',
      ppid: 11418,
      pgid: 11418,
      startTime: '66287',
    });
  });

  it('reads comm up to the LAST parenthesis, whatever it contains', () => {
    const stat = '4242 (my) app (x) 2) S 100 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615';
    expect(parseProcStat(stat)).toMatchObject({ pid: 4242, comm: 'my) app (x) 2', state: 'S', ppid: 100, pgid: 4242, startTime: '987654' });
    expect(parseProcStat('77 (a b) S 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')).toMatchObject({ comm: 'a b', startTime: '5' });
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x) S 1 2')).toBeNull();
  });
});

describe('parseCmdline', () => {
  it('joins NUL-separated arguments with spaces', () => {
    expect(parseCmdline('python3\0-m\0http.server\0' + '8000\0', 'python3')).toBe('python3 -m http.server 8000');
  });
  it('shows kernel threads and zombies (empty cmdline) as [comm]', () => {
    expect(parseCmdline('', 'kworker/0:1')).toBe('[kworker/0:1]');
  });
});

describe('parseStatusUid', () => {
  it('takes the effective uid', () => {
    expect(parseStatusUid(fixture('processes/linux/status-cat.txt'))).toBe(1001);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
  });
});

describe('displayName', () => {
  it("keeps comm, except a runtime thread name, then argv[0]'s basename", () => {
    expect(displayName('uvicorn', '/usr/bin/python3\0/usr/bin/uvicorn\0')).toBe('uvicorn');
    expect(displayName('MainThread', '/opt/node24/bin/node\0server.js\0')).toBe('node');
    expect(displayName('MainThread', '')).toBe('MainThread');
  });
});

describe('parsePasswd', () => {
  it('maps uids to names, skipping comments', () => {
    const users = parsePasswd(fixture('ports/linux/passwd.txt'));
    expect(users.get(0)).toBe('root');
    expect(users.get(33)).toBe('www-data');
    expect(users.get(65534)).toBe('nobody');
    expect(users.size).toBe(4);
  });
});
