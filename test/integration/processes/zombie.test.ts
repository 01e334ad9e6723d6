/**
 * linuxIsZombie on a real zombie: a python parent that forks a child which exits at once and
 * is never reaped. A zombie holds no socket and no longer runs, so the kill transaction must
 * count it as gone (and never send it SIGKILL).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { linuxIsZombie } from '../../../electron/core/processes/kill-deps.ts';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('zombie: skipped, reads /proc (Linux only)');

describe.runIf(onLinux)('linuxIsZombie', () => {
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

  it('is true for an unreaped child, false for a running process and for a pid that is gone', async () => {
    const script = 'import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\ntime.sleep(0.2)\nprint(pid, flush=True)\ntime.sleep(60)';
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
