/**
 * `portwarden free A B C …` frees the ports at the same time (electron/cli/free-command.ts):
 * the call takes about as long as the slowest port, not the sum. Real listeners, some of
 * which ignore SIGTERM (they cost the whole grace period each), through the real CLI.
 *
 * Timing is read where machine load cannot blur it: from when each listener process died,
 * as this test (their parent) sees it. One port after another, SIGTERM-ignorers die at least
 * one grace period apart; at once, they die together.
 */
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { canBind, killStarted, startListener } from '../processes/listeners.ts';
import type { Started } from '../processes/listeners.ts';

afterEach(killStarted);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** When the listener process exits (ms, this process's clock). */
function diedAt(l: Started): Promise<number> {
  return new Promise((resolve) => l.child.once('exit', () => resolve(performance.now())));
}

const GRACE = 1000;

describe('free with several ports', () => {
  it('five ports, one ignoring SIGTERM: done within grace + 1 s, reported per port in the order given', async () => {
    const stubborn = await startListener(['--ignore-term']);
    const quick = await Promise.all([1, 2, 3, 4].map(() => startListener([])));
    const all = [quick[0]!, stubborn, ...quick.slice(1)];
    const deaths = all.map(diedAt);
    const run = await cli(['free', ...all.map((l) => String(l.port)), '--grace', String(GRACE), '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as FreePortResult[];
    expect(results.map((r) => r.port)).toEqual(all.map((l) => l.port));
    expect(results.every((r) => r.free)).toBe(true);
    expect(results.find((r) => r.port === stubborn.port)?.actions[0]).toMatchObject({ signals: ['SIGTERM', 'SIGKILL'], result: 'exited' });
    // From the first process stopped to the last: the stubborn one's grace and its SIGKILL.
    const times = await Promise.all(deaths);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(GRACE + 1000);
    for (const l of all) expect(await canBind(l.port, '127.0.0.1')).toBe(true);
  });

  it('three SIGTERM-ignorers die together (one grace period), not one grace period apart', async () => {
    const stubborn = await Promise.all([1, 2, 3].map(() => startListener(['--ignore-term'])));
    const deaths = stubborn.map(diedAt);
    const run = await cli(['free', ...stubborn.map((l) => String(l.port)), '--grace', String(GRACE)]);
    expect(run.code).toBe(0);
    // Human report, one block per port in the order given, each escalated to SIGKILL.
    const heads = run.stdout.split('\n').filter((line) => line.startsWith('port '));
    expect(heads.map((h) => Number(/^port (\d+):/.exec(h)?.[1]))).toEqual(stubborn.map((l) => l.port));
    expect(heads.every((h) => / free after \d+ ms$/.test(h))).toBe(true);
    expect(run.stdout.match(/SIGTERM,SIGKILL/g)).toHaveLength(3);
    // One by one, the three SIGKILLs are >= 2 grace periods apart; at once, a moment.
    const times = await Promise.all(deaths);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(GRACE);
  });
});
