import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { joinPsOutputs, parsePsStat } from '../../../electron/core/processes/darwin.ts';
import { cimCommand, parseCimProcesses, parseCreationDate } from '../../../electron/core/processes/win32.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/processes/${path}`, import.meta.url), 'utf8');

describe('macOS ps parsing', () => {
  it('reads pid, ppid, pgid, user, lstart and a comm path with spaces', () => {
    const stat = parsePsStat(fixture('darwin/ps-stat.txt'));
    expect(stat.get(22341)).toEqual({
      pid: 22341,
      ppid: 1,
      pgid: 22341,
      user: 'dev',
      startTime: 'Sun Nov 22 12:00:00 2026',
      name: 'Autodesk Fusion',
      comm: '/Applications/Autodesk Fusion.app/Contents/MacOS/Autodesk Fusion',
    });
    // Single-digit days are space-padded by lstart; the token is normalised.
    expect(stat.get(4243)?.startTime).toBe('Mon Nov 2 08:05:09 2026');
  });

  it('joins args by pid, falling back to comm', () => {
    const all = joinPsOutputs(fixture('darwin/ps-stat.txt'), fixture('darwin/ps-args.txt'));
    expect(all.map((p) => [p.pid, p.name, p.command])).toEqual([
      [1, 'launchd', '/sbin/launchd'],
      [501, 'httpd', '/usr/sbin/httpd -D FOREGROUND'],
      [4242, 'node', 'node /Users/dev/app/server.js --port 3000'],
      [4243, 'node', 'node /Users/dev/app/worker.js'],
      [22341, 'Autodesk Fusion', '/Applications/Autodesk Fusion.app/Contents/MacOS/Autodesk Fusion'],
    ]);
  });
});

describe('Windows CIM parsing', () => {
  it('reads an array, keeping a null CommandLine as null', () => {
    const all = parseCimProcesses(fixture('win32/cim-array.json'));
    expect(all[0]).toEqual({ pid: 4, ppid: 0, name: 'System', command: null, user: null, startTime: '1763798400000', pgid: null });
    expect(all[1].startTime).toBe(String(Date.parse('2026-11-22T13:48:02.123+01:00')));
  });

  it('reads a single object (one match) with a BOM, and empty output', () => {
    expect(parseCimProcesses(fixture('win32/cim-single.json')).map((p) => p.pid)).toEqual([5120]);
    expect(parseCimProcesses('')).toEqual([]);
    expect(parseCimProcesses('  \r\n')).toEqual([]);
  });

  it('normalises every CreationDate form to epoch ms', () => {
    expect(parseCreationDate('/Date(1763816882123)/')).toBe('1763816882123');
    expect(parseCreationDate({ value: '/Date(5)/', DateTime: 'Sunday, 1 January 1970' })).toBe('5');
    expect(parseCreationDate('20261122134802.123456+060')).toBe(String(Date.UTC(2026, 10, 22, 12, 48, 2, 123)));
    expect(parseCreationDate(null)).toBeNull();
    expect(parseCreationDate('yesterday')).toBe('yesterday');
  });

  it('builds the CIM query with a pid filter', () => {
    expect(cimCommand([1, 2])).toContain(
      'Get-CimInstance Win32_Process -Filter "ProcessId=1 OR ProcessId=2" | Select-Object ProcessId,ParentProcessId,Name,CommandLine,CreationDate | ConvertTo-Json',
    );
    expect(cimCommand()).not.toContain('-Filter');
  });
});
