import { describe, expect, it } from 'vitest';
import { formatFreeResult, freeExitCode } from '../../../electron/cli/free-command.ts';
import { listenersTable, OWNER_HINT } from '../../../electron/cli/listeners-table.ts';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

describe('listenersTable', () => {
  it('shows an invisible owner as "?" with the hint', () => {
    const out = listenersTable([
      {
        port: 8000,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: null,
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 3000,
        address: '::1',
        family: 'IPv6',
        pid: 42,
        name: 'node',
        command: 'node server.js',
        user: 'dev',
        ppid: 1,
        ...UNKNOWN_OWNER_DETAILS,
        project: 'shop',
      },
    ]);
    const lines = out.split('\n');
    expect(lines[0]).toBe('PORT  ADDRESS  FAMILY  PID  PPID  USER  NAME  PROJECT  COMMAND');
    expect(lines[1]).toBe('3000  ::1      IPv6     42     1  dev   node  shop     node server.js');
    expect(lines[2]).toMatch(/^8000 {2}0\.0\.0\.0 {2}IPv4 {6}\? {5}\? {2}\? {5}\? {5}\?\s*$/);
    expect(out.endsWith(OWNER_HINT)).toBe(true);
  });
  it('orders rows as the snapshot does: port, IPv4 first, address, known pids before "?"', () => {
    const row = (port: number, address: string, pid: number | null) =>
      ({
        port,
        address,
        family: address.includes(':') ? 'IPv6' : 'IPv4',
        pid,
        name: null,
        command: null,
        user: null,
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      }) as const;
    const out = listenersTable([row(8000, '::1', 7), row(8000, '127.0.0.1', null), row(80, '0.0.0.0', 9), row(8000, '127.0.0.1', 12)]);
    expect(
      out
        .split('\n')
        .slice(1, 5)
        .map((l) => l.trim().split(/\s+/).slice(0, 4).join(' ')),
    ).toEqual(['80 0.0.0.0 IPv4 9', '8000 127.0.0.1 IPv4 12', '8000 127.0.0.1 IPv4 ?', '8000 ::1 IPv6 7']);
  });
});

const result = (over: Partial<FreePortResult>): FreePortResult => ({
  port: 8000,
  free: true,
  elapsedMs: 12,
  actions: [],
  refused: false,
  ...over,
});

describe('free output and exit code', () => {
  it('0 when every port is free, 1 when one is held, 2 when a target was refused', () => {
    expect(freeExitCode([result({}), result({ port: 8001 })])).toBe(0);
    expect(freeExitCode([result({}), result({ free: false })])).toBe(1);
    expect(freeExitCode([result({ free: false }), result({ free: false, refused: true })])).toBe(2);
  });
  it('reports the escalation per pid', () => {
    const out = formatFreeResult(
      result({
        elapsedMs: 1010,
        actions: [{ pid: 77, name: 'python3', signal: 'SIGKILL', signals: ['SIGTERM', 'SIGKILL'], result: 'exited', via: 'tree' }],
      }),
    );
    expect(out).toContain('port 8000: free after 1010 ms');
    expect(out).toMatch(/77\s+python3\s+SIGTERM,SIGKILL\s+exited/);
  });
  it('says "already free" for a free port', () => {
    expect(formatFreeResult(result({}))).toBe('port 8000: already free');
  });
});

describe('listenersTable PROJECT column', () => {
  it('names the project, and says "-" when an owner has none', () => {
    const row = (pid: number, project: string | null) =>
      ({
        port: 3000 + pid,
        address: '127.0.0.1',
        family: 'IPv4',
        pid,
        name: 'node',
        command: 'node x.js',
        user: 'dev',
        ppid: 1,
        ...UNKNOWN_OWNER_DETAILS,
        project,
      }) as const;
    const lines = listenersTable([row(1, '@acme/web'), row(2, null)]).split('\n');
    expect(lines[0]).toContain('NAME  PROJECT    COMMAND');
    expect(lines[1]).toContain('node  @acme/web  node x.js');
    expect(lines[2]).toContain('node  -          node x.js');
  });
});
