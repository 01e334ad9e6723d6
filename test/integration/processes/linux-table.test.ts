import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessTable } from '../../../electron/core/processes/index.ts';
import { linuxIsZombie } from '../../../electron/core/platform/linux-proc.ts';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('linux-table: skipped, reads /proc (Linux only)');

describe.runIf(onLinux)('Linux process table on real processes', () => {
  const pgids: number[] = [];
  afterEach(() => {
    for (const pgid of pgids.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  /** Starts python3 that renames itself (comm) and prints "ready". */
  async function startRenamed(comm: string) {
    const script = `open('/proc/self/comm', 'w').write(${JSON.stringify(comm)})\nprint('ready', flush=True)\nimport time\ntime.sleep(60)`;
    const child = spawn('python3', ['-c', script, 'arg with space'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    pgids.push(child.pid!);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return child.pid!;
  }

  it('reads a process whose comm contains spaces and parentheses', async () => {
    const pid = await startRenamed('a) b (c');
    const table = createProcessTable();
    const found = await table.get(pid);
    expect(found).toMatchObject({ pid, ppid: process.pid, name: 'a) b (c', user: userInfo().username, pgid: pid });
    expect(found?.command).toMatch(/python3 -c open\('\/proc\/self\/comm'.* arg with space$/s);
    expect(found?.startTime).toMatch(/^\d+$/);
    // Same process, same start time: identity is stable across reads.
    expect((await table.get(pid))?.startTime).toBe(found?.startTime);
  });

  it("lists every process including this one, named after argv[0] rather than Node's MainThread", async () => {
    const list = await createProcessTable().list();
    const self = list.find((p) => p.pid === process.pid);
    expect(self?.name).toBe('node');
    expect(self?.command).toContain(process.execPath);
    // Kernel threads (none inside a container) have no cmdline and show as [comm].
    for (const p of list.filter((q) => q.command?.startsWith('['))) expect(p.command).toBe(`[${p.name}]`);
    expect(list.length).toBeGreaterThan(5);
  });

  it('answers null for a pid that does not exist or has exited', async () => {
    const pid = await startRenamed('gone-soon');
    process.kill(-pid, 'SIGKILL');
    const table = createProcessTable();
    for (let i = 0; i < 100 && (await table.get(pid)) !== null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await table.get(pid)).toBeNull();
    expect(await table.get(0)).toBeNull();
    expect(await table.get(-5)).toBeNull();
  });

  // A zombie holds no socket and no longer runs: the kill transaction counts it as gone and
  // never sends it SIGKILL.
  it('linuxIsZombie: true for an unreaped child, false for a running process and for a pid that is gone', async () => {
    const script =
      'import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\ntime.sleep(0.2)\nprint(pid, flush=True)\ntime.sleep(60)';
    const parent = spawn('python3', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    pgids.push(parent.pid as number);
    const zombie = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    expect(linuxIsZombie(zombie)).toBe(true);
    expect(linuxIsZombie(parent.pid as number)).toBe(false);
    expect(linuxIsZombie(process.pid)).toBe(false);
    expect(linuxIsZombie(2 ** 22 + 1)).toBe(false);
  });
});
