/**
 * The platform's process-group primitives (core/platform/signals.ts) on real process groups:
 * a detached shell with children is one group; groupAlive sees it (and stops seeing it when
 * only a zombie is left), signalGroup reaches every member. Windows' taskkill plan is checked
 * with a recording runner (taskkill cannot run here).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive, isZombie, signalGroup } from '../../../electron/core/platform/signals.ts';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';
import { waitFor } from '../../support/processes.ts';

const started: number[] = [];
afterEach(() => {
  for (const pgid of started.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/** A group of three: sh and two sleeps it started (no exec: sh stays the leader). */
function group(): number {
  const child = spawn('sh', ['-c', 'sleep 60 & sleep 60 & wait'], { detached: true, stdio: 'ignore' });
  started.push(child.pid!);
  return child.pid!;
}

describe('process-group signals', () => {
  it('groupAlive sees a group until signalGroup has stopped every member', async () => {
    const pgid = group();
    expect(await groupAlive(pgid)).toBe(true);
    expect(await signalGroup(pgid, 'SIGTERM')).toBe(true);
    await waitFor(async () => !(await groupAlive(pgid)), 5000, 'the group to be gone');
    // A group that does not exist: not delivered, and that is said, not thrown.
    expect(await signalGroup(2 ** 22 + 1, 'SIGKILL')).toBe(false);
    expect(await groupAlive(2 ** 22 + 1)).toBe(false);
  });

  it('a pid that is not a zombie, and any pid off Linux, is not reported as one', () => {
    expect(isZombie(process.pid)).toBe(false);
    expect(isZombie(process.pid, 'darwin')).toBe(false);
  });

  it('Windows: SIGKILL is taskkill /T /F on the leader, other signals taskkill /T; a failed taskkill is "not sent"', async () => {
    const calls: string[] = [];
    const run: CommandRunner = async (file, args) => {
      calls.push(`${file} ${args.join(' ')}`);
      if (args.includes('/F')) throw Object.assign(new Error('exit 128'), { code: 128 });
      return { stdout: '', stderr: '' };
    };
    expect(await signalGroup(4242, 'SIGTERM', 'win32', run)).toBe(true);
    expect(await signalGroup(4242, 'SIGINT', 'win32', run)).toBe(true);
    expect(await signalGroup(4242, 'SIGKILL', 'win32', run)).toBe(false);
    expect(calls).toEqual(['taskkill /PID 4242 /T', 'taskkill /PID 4242 /T', 'taskkill /PID 4242 /T /F']);
  });
});
