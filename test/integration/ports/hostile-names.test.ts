/**
 * A process can hide from Portwarden by its name (issue 10, item 4)? Not any more. Real
 * listeners rename themselves — with prctl(PR_SET_NAME) and by writing /proc/self/comm —
 * to `ev"il`, a name ending in `\`, a name holding a newline that spells a fake ss row,
 * and a name that spells a pid/fd pair (`",pid=1,fd=3))`). `ss -p` prints every one of them
 * raw. Each must still be found with its own pid and its real name, no fake row may appear,
 * `free` must stop the right process, and the CLI table must keep one line per row.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { alive, waitFor } from '../../support/processes.ts';

const SCRIPT = fileURLToPath(new URL('../../fixtures/processes/renamed-listener.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));

interface Renamed {
  name: string;
  port: number;
  pid: number;
  child: ChildProcess;
}

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
});

async function renamed(name: string, how: 'prctl' | 'comm'): Promise<Renamed> {
  const child = spawn('python3', [SCRIPT, JSON.stringify(name), how], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const line = await waitFor(() => /^ready (.*)$/m.exec(out)?.[1], 15_000, `renamed listener ${JSON.stringify(name)}`);
  const { port, pid } = JSON.parse(line) as { port: number; pid: number };
  // The kernel really holds this name (what ss prints).
  expect(readFileSync(`/proc/${pid}/comm`, 'utf8')).toBe(`${name}\n`);
  return { name, port, pid, child };
}

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const NAMES = ['ev"il', 'bad\\', 'x\n0 0 *:1 *', '",pid=1,fd=3))'];

describe.each(['prctl', 'comm'] as const)('listeners renamed with %s', (how) => {
  it('are found with their own pid and real name; no fake row appears', async () => {
    const all = await Promise.all(NAMES.map((n) => renamed(n, how)));
    const ports = all.map((l) => l.port);
    const rows = (await createSnapshotReader({ ownerCacheMs: 0 }).read({ ports })).listeners;
    expect(rows.map((r) => [r.port, r.pid, r.name]).sort()).toEqual(all.map((l) => [l.port, l.pid, l.name]).sort());
    // Nothing but what really listens: the newline's fake row (port 1) is not there.
    const everything = (await createSnapshotReader({ ownerCacheMs: 0 }).read()).listeners;
    expect(everything.filter((r) => r.port === 1)).toEqual([]);
    for (const l of all) expect(everything.filter((r) => r.port === l.port).map((r) => r.pid)).toEqual([l.pid]);
  });

  it('portwarden ports: one table line per row, names with visible escapes; --json keeps the real names', async () => {
    const all = await Promise.all(NAMES.map((n) => renamed(n, how)));
    const table = await cli('ports', ...all.map((l) => String(l.port)));
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + all.length);
    for (const l of all) {
      const line = lines.find((x) => x.trimStart().startsWith(`${l.port} `))!;
      expect(line).toContain(` ${l.pid} `);
      expect(line).toContain(l.name.replace('\n', '\\n'));
    }
    const json = await cli('ports', ...all.map((l) => String(l.port)), '--json');
    const rows = JSON.parse(json.stdout) as ListenerRecord[];
    expect(rows.map((r) => r.name).sort()).toEqual([...NAMES].sort());
  });

  it('portwarden free stops the renamed listener itself (not "another pid namespace")', async () => {
    const evil = await renamed('ev"il', how);
    const bystander = await renamed('",pid=1,fd=3))', how);
    const run = await cli('free', String(evil.port), '--json', '--grace', '2000');
    const [result] = JSON.parse(run.stdout) as FreePortResult[];
    expect(run.code).toBe(0);
    expect(result).toMatchObject({
      free: true,
      refused: false,
      actions: [{ pid: evil.pid, name: 'ev"il', result: 'exited', signals: ['SIGTERM'] }],
    });
    await waitFor(() => !alive(evil.pid), 5000, 'ev"il gone');
    expect(alive(bystander.pid)).toBe(true);
  });
});
