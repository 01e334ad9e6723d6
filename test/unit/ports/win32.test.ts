import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';
import { createWin32SnapshotReader, parseCsvLine, parseNetstatAno, parseTasklistCsv } from '../../../electron/core/ports/win32.ts';
import { createWin32ProcessTable } from '../../../electron/core/processes/win32.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('parseNetstatAno', () => {
  it('takes TCP rows whose foreign address is 0.0.0.0:0 or [::]:0, IPv4 and IPv6', () => {
    expect(parseNetstatAno(fixture('ports/win32/netstat-ano.txt'))).toEqual([
      { address: '0.0.0.0', port: 80, family: 'IPv4', pid: 4 },
      { address: '0.0.0.0', port: 135, family: 'IPv4', pid: 1036 },
      { address: '0.0.0.0', port: 8080, family: 'IPv4', pid: 33584 },
      { address: '127.0.0.1', port: 3000, family: 'IPv4', pid: 5120 },
      { address: '0.0.0.0', port: 49664, family: 'IPv4', pid: null },
      { address: '::', port: 80, family: 'IPv6', pid: 4 },
      { address: '::', port: 8080, family: 'IPv6', pid: 33584 },
      { address: '::1', port: 5173, family: 'IPv6', pid: 4242 },
      { address: 'fe80::1c2f:ff:fe00:1', port: 5000, family: 'IPv6', pid: 777 },
    ]);
  });

  it('does not depend on the state word: German ABHÖREN in the OEM code page', () => {
    // Read as UTF-8 on purpose: the Ö arrives garbled, as it does from a German console.
    const rows = parseNetstatAno(fixture('ports/win32/netstat-ano-de.txt'));
    expect(rows.map((r) => [r.address, r.port, r.pid])).toEqual([
      ['0.0.0.0', 80, 4],
      ['0.0.0.0', 8080, 33584],
      ['::1', 5173, 4242],
    ]);
  });
});

describe('parseTasklistCsv', () => {
  it("reads quoted names with spaces and quotes, ignoring the memory column's commas", () => {
    const names = parseTasklistCsv(fixture('ports/win32/tasklist.csv'));
    expect(names.get(0)).toBe('System Idle Process');
    expect(names.get(4)).toBe('System');
    expect(names.get(33584)).toBe('node.exe');
    expect(names.get(4242)).toBe('Code Helper (Renderer).exe');
    expect(names.get(777)).toBe('weird "quoted" app.exe');
    expect(names.size).toBe(7);
  });

  it('skips INFO lines', () => {
    expect(parseTasklistCsv('INFO: No tasks are running which match the specified criteria.\r\n').size).toBe(0);
  });

  it('splits CSV fields', () => {
    expect(parseCsvLine('"a, b","1","45,312 K"')).toEqual(['a, b', '1', '45,312 K']);
  });
});

function recorded(outputs: Record<string, string>) {
  const calls: string[] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args].join(' '));
    if (!(file in outputs)) throw Object.assign(new Error(`${file}: not recorded`), { code: 'ENOENT' });
    return { stdout: outputs[file], stderr: '' };
  };
  return { run, calls };
}

describe('win32 snapshot reader on recorded output', () => {
  const outputs = {
    netstat: fixture('ports/win32/netstat-ano.txt'),
    tasklist: fixture('ports/win32/tasklist.csv'),
    'powershell.exe': fixture('processes/win32/cim-array.json'),
  };

  it('matches :80 exactly (not :8080) and keeps the PID 4 System rows for both families', async () => {
    const { run } = recorded(outputs);
    const { listeners } = await createWin32SnapshotReader({ run }).read({ ports: [80] });
    expect(listeners).toEqual([
      {
        port: 80,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 4,
        name: 'System',
        command: null,
        user: null,
        ppid: 0,
        startedAt: 1763798400000,
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
      {
        port: 80,
        address: '::',
        family: 'IPv6',
        pid: 4,
        name: 'System',
        command: null,
        user: null,
        ppid: 0,
        startedAt: 1763798400000,
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
    ]);
  });

  it('details owners from one CIM call, then reuses them while tasklist shows the same name', async () => {
    const { run, calls } = recorded(outputs);
    const reader = createWin32SnapshotReader({ run });
    const first = await reader.read({ ports: [8080, 5173, 49664] });
    expect(first.listeners).toEqual([
      {
        port: 5173,
        address: '::1',
        family: 'IPv6',
        pid: 4242,
        name: 'Code Helper (Renderer).exe',
        command: expect.stringContaining('Microsoft VS Code'),
        user: null,
        ppid: 33584,
        startedAt: Date.parse('2026-11-22T13:48:02.1234567+01:00'),
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
      {
        port: 8080,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 33584,
        name: 'node.exe',
        command: '"C:\\Program Files\\nodejs\\node.exe" server.js --port 8080',
        user: null,
        ppid: 12000,
        startedAt: 1763816882123,
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
      {
        port: 8080,
        address: '::',
        family: 'IPv6',
        pid: 33584,
        name: 'node.exe',
        command: '"C:\\Program Files\\nodejs\\node.exe" server.js --port 8080',
        user: null,
        ppid: 12000,
        startedAt: 1763816882123,
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
      {
        port: 49664,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: null,
        ppid: null,
        startedAt: null,
        cwd: null,
        project: null,
        behind: null,
        orphanedSocket: null,
      },
    ]);
    const cim = calls.filter((c) => c.startsWith('powershell.exe'));
    expect(cim).toHaveLength(1);
    expect(cim[0]).toContain('Get-CimInstance Win32_Process -Filter "ProcessId=4242 OR ProcessId=33584"');
    expect((await reader.read({ ports: [8080, 5173] })).listeners).toHaveLength(3);
    expect(calls.filter((c) => c.startsWith('powershell.exe'))).toHaveLength(1);
  });

  it('falls back to tasklist names when PowerShell is unavailable', async () => {
    const { run } = recorded({ netstat: outputs.netstat, tasklist: outputs.tasklist });
    const { listeners } = await createWin32SnapshotReader({ run }).read({ ports: [3000, 5000] });
    expect(listeners.map((r) => [r.port, r.pid, r.name, r.command])).toEqual([
      [3000, 5120, 'python.exe', null],
      [5000, 777, 'weird "quoted" app.exe', null],
    ]);
  });

  it('reads the process table through CIM (single object and array)', async () => {
    const single = createWin32ProcessTable({ run: recorded({ 'powershell.exe': fixture('processes/win32/cim-single.json') }).run });
    expect(await single.get(5120)).toEqual({
      pid: 5120,
      ppid: 4000,
      name: 'python.exe',
      command: 'python -m http.server 3000',
      user: null,
      startTime: String(Date.UTC(2026, 10, 22, 12, 48, 2, 123)),
      pgid: null,
    });
    expect(await single.get(1)).toBeNull();
    const all = await createWin32ProcessTable({
      run: recorded({ 'powershell.exe': fixture('processes/win32/cim-array.json') }).run,
    }).list();
    expect(all.map((p) => p.pid)).toEqual([4, 4242, 33584]);
  });
});
