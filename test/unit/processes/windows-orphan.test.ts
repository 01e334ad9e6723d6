/**
 * Windows: a launcher starts a dev server and exits; its children inherited the listening
 * socket, and netstat keeps naming the exited pid. Checked on a recorded model of Windows
 * (netstat -ano, tasklist /FO CSV /NH, the CIM query's JSON, taskkill exit codes) driving
 * the real snapshot reader and the real kill transaction.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWin32SnapshotReader } from '../../../electron/core/ports/win32.ts';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';
import { freePort } from '../../../electron/core/processes/free-port.ts';
import type { KillDeps } from '../../../electron/core/processes/kill-deps.ts';
import { cimCommand, createWin32ProcessTable } from '../../../electron/core/processes/win32.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

interface Proc {
  pid: number;
  ppid: number;
  name: string;
  command: string;
  created: number;
}

/** A small Windows: processes, one socket per port (with the pid that created it), taskkill /T. */
function windowsModel(procs: Proc[], sockets: { port: number; owner: number; holders: number[] }[]) {
  const live = new Map(procs.map((p) => [p.pid, p]));
  const calls: string[] = [];
  const held = (s: { holders: number[] }) => s.holders.some((pid) => live.has(pid));
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args].join(' '));
    if (file === 'netstat') {
      const rows = sockets
        .filter(held)
        .map((s) => `  TCP    127.0.0.1:${s.port}         0.0.0.0:0              LISTENING       ${s.owner}`);
      return {
        stdout: `\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n${rows.join('\r\n')}\r\n`,
        stderr: '',
      };
    }
    if (file === 'tasklist')
      return { stdout: [...live.values()].map((p) => `"${p.name}","${p.pid}","Console","1","1,000 K"`).join('\r\n'), stderr: '' };
    if (file === 'powershell.exe') {
      const filter = /-Filter "([^"]*)"/.exec(args.at(-1) ?? '')?.[1] ?? '';
      const byPid = [...filter.matchAll(/(?<!Parent)ProcessId=(\d+)/g)].map((m) => Number(m[1]));
      const byParent = [...filter.matchAll(/ParentProcessId=(\d+)/g)].map((m) => Number(m[1]));
      const rows = [...live.values()].filter((p) => byPid.includes(p.pid) || byParent.includes(p.ppid));
      return {
        stdout: JSON.stringify(
          rows.map((p) => ({
            ProcessId: p.pid,
            ParentProcessId: p.ppid,
            Name: p.name,
            CommandLine: p.command,
            CreationDate: `/Date(${p.created})/`,
          })),
        ),
        stderr: '',
      };
    }
    if (file === 'taskkill') {
      const pid = Number(args[1]);
      if (!live.has(pid)) throw Object.assign(new Error('taskkill exited with 128'), { code: 128 });
      // /T takes the tree: the pid and every descendant. Console programs need /F.
      if (!args.includes('/F')) throw Object.assign(new Error('taskkill exited with 1'), { code: 1 });
      const tree = [pid];
      for (let i = 0; i < tree.length; i++) for (const p of live.values()) if (p.ppid === tree[i]) tree.push(p.pid);
      for (const p of tree) live.delete(p);
      return { stdout: '', stderr: '' };
    }
    throw Object.assign(new Error(`${file}: not recorded`), { code: 'ENOENT' });
  };
  return { run, calls, live };
}

const launcherChildren = (): Proc[] => [
  {
    pid: 6120,
    ppid: 6100,
    name: 'node.exe',
    command: '"C:\\Program Files\\nodejs\\node.exe" C:\\dev\\shop\\node_modules\\vite\\bin\\vite.js',
    created: 1763816900000,
  },
  {
    pid: 6121,
    ppid: 6120,
    name: 'esbuild.exe',
    command: 'C:\\dev\\shop\\node_modules\\@esbuild\\win32-x64\\esbuild.exe --service=0.24.0 --ping',
    created: 1763816901000,
  },
];

describe('Windows socket whose owner exited', () => {
  it('the CIM query asks for the children of an exited owner in the same call', () => {
    expect(cimCommand([33584], [6100])).toContain('-Filter "ProcessId=33584 OR ParentProcessId=6100"');
  });

  it('the reader shows the owner exited and names the children that keep the socket (recorded netstat, tasklist, CIM)', async () => {
    const outputs: Record<string, string> = {
      netstat: fixture('ports/win32/netstat-ano-orphan.txt'),
      tasklist: fixture('ports/win32/tasklist-orphan.csv'),
      'powershell.exe': fixture('processes/win32/cim-orphan.json'),
    };
    const calls: string[] = [];
    const run: CommandRunner = async (file, args) => {
      calls.push([file, ...args].join(' '));
      return { stdout: outputs[file] ?? '', stderr: '' };
    };
    const { listeners } = await createWin32SnapshotReader({ run }).read({ ports: [5173, 8080] });
    expect(listeners.filter((r) => r.port === 5173).map((r) => [r.address, r.pid, r.name, r.orphanedSocket])).toEqual([
      ['127.0.0.1', 6100, null, { heldBy: [6120] }],
      ['::1', 6100, null, { heldBy: [6120] }],
    ]);
    expect(listeners.find((r) => r.port === 8080)).toMatchObject({ pid: 33584, name: 'node.exe', orphanedSocket: null });
    const cim = calls.filter((c) => c.startsWith('powershell.exe'));
    expect(cim).toHaveLength(1);
    expect(cim[0]).toContain('ProcessId=33584 OR ParentProcessId=6100');
  });

  it('Free is aimed at the children: taskkill of the child tree frees the port, and the report says the owner had exited', async () => {
    const w = windowsModel(launcherChildren(), [{ port: 5173, owner: 6100, holders: [6120, 6121] }]);
    const processes = createWin32ProcessTable({ run: w.run });
    let clock = 1_000;
    const deps: KillDeps = {
      platform: 'win32',
      selfPid: 7777,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      reader: createWin32SnapshotReader({ run: w.run, processTable: processes }),
      processes,
      sendSignal: () => {
        throw new Error('no POSIX signals on Windows');
      },
      runCommand: w.run,
    };
    const result = await freePort(5173, { graceMs: 1000 }, deps);
    expect(w.calls.filter((c) => c.startsWith('taskkill'))).toEqual(['taskkill /PID 6120 /T', 'taskkill /PID 6120 /T /F']);
    expect(result.free).toBe(true);
    expect(result.refused).toBe(false);
    expect(result.actions[0]).toMatchObject({ pid: 6100, result: 'not-found', signals: [] });
    expect(result.actions[0]?.reason).toBe('owner exited; pid 6120 (its child) keeps the socket; freeing the port stops them');
    expect(result.actions[1]).toMatchObject({ pid: 6120, result: 'exited', signal: 'SIGKILL', via: 'taskkill' });
    expect(w.live.size).toBe(0);
  });

  it('with no child left, says so and signals nothing', async () => {
    const w = windowsModel(
      [{ pid: 9000, ppid: 1, name: 'explorer.exe', command: 'explorer.exe', created: 1 }],
      [{ port: 5173, owner: 6100, holders: [9000] }],
    );
    const processes = createWin32ProcessTable({ run: w.run });
    const deps: KillDeps = {
      platform: 'win32',
      selfPid: 7777,
      reader: createWin32SnapshotReader({ run: w.run, processTable: processes }),
      processes,
      runCommand: w.run,
      sleep: async () => undefined,
    };
    const result = await freePort(5173, { graceMs: 100 }, deps);
    expect(w.calls.some((c) => c.startsWith('taskkill'))).toBe(false);
    expect(result).toMatchObject({ free: false, refused: true });
    expect(result.actions[0]).toMatchObject({ pid: 6100, result: 'owner-unknown' });
    expect(result.actions[0]?.reason).toContain('none of its children runs');
  });

  it("a child that is no longer the exited owner's child is not signalled", async () => {
    const w = windowsModel(launcherChildren(), [{ port: 5173, owner: 6100, holders: [6120] }]);
    const processes = createWin32ProcessTable({ run: w.run });
    const reader = createWin32SnapshotReader({ run: w.run, processTable: processes });
    const snapshot = await reader.read({ ports: [5173] });
    // Between the look and the click, 6120 exits and its pid is reused by an unrelated program.
    w.live.delete(6120);
    w.live.set(6120, { pid: 6120, ppid: 4, name: 'notepad.exe', command: 'notepad.exe', created: 1763817000000 });
    const deps: KillDeps = { platform: 'win32', selfPid: 7777, reader, processes, runCommand: w.run, sleep: async () => undefined };
    const result = await freePort(5173, { graceMs: 100, snapshot }, deps);
    expect(w.calls.some((c) => c.startsWith('taskkill'))).toBe(false);
    expect(result.actions.find((a) => a.pid === 6120)).toMatchObject({ result: 'identity-changed', signals: [] });
    expect(result.actions.find((a) => a.pid === 6120)?.reason).toContain('no longer a child of pid 6100');
  });
});
