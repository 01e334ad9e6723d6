/**
 * `portwarden free A B C …` frees the ports at the same time (electron/cli/free-command.ts):
 * the call takes about as long as the slowest port, not the sum. Real listeners, some of
 * which ignore SIGTERM (they cost the whole grace period each), through the real CLI.
 */
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { FreePortResult } from '../../../electron/core/processes/types.ts';
import { canBind, killStarted, startListener } from '../processes/listeners.ts';

afterEach(killStarted);

interface Timed { code: number; stdout: string; stderr: string; ms: number }

function cli(args: string[]): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const GRACE = 1000;

describe('free with several ports', () => {
  it('five ports, one ignoring SIGTERM: done within grace + 1 s, reported per port in the order given', async () => {
    const stubborn = await startListener(['--ignore-term']);
    const quick = await Promise.all([1, 2, 3, 4].map(() => startListener([])));
    const ports = [quick[0]!.port, stubborn.port, ...quick.slice(1).map((l) => l.port)];
    const run = await cli(['free', ...ports.map(String), '--grace', String(GRACE), '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as FreePortResult[];
    expect(results.map((r) => r.port)).toEqual(ports);
    expect(results.every((r) => r.free)).toBe(true);
    expect(results.find((r) => r.port === stubborn.port)?.actions[0]).toMatchObject({ signals: ['SIGTERM', 'SIGKILL'], result: 'exited' });
    // Each transaction ran at once: the slowest took the grace period plus its settling.
    expect(Math.max(...results.map((r) => r.elapsedMs))).toBeLessThan(GRACE + 1000);
    // The whole call, less the CLI's own start-up (a TypeScript source run, measured now on
    // this possibly loaded machine), with a little room for that measurement's own noise.
    const startup = (await cli(['--version'])).ms;
    expect(run.ms - startup).toBeLessThan(GRACE + 1000 + 500);
    for (const port of ports) expect(await canBind(port, '127.0.0.1')).toBe(true);
  });

  it('three SIGTERM-ignorers: about one grace period in all, well under the three in a row that one-by-one takes', async () => {
    const stubborn = await Promise.all([1, 2, 3].map(() => startListener(['--ignore-term'])));
    const run = await cli(['free', ...stubborn.map((l) => String(l.port)), '--grace', String(GRACE)]);
    expect(run.code).toBe(0);
    // Human report, one block per port in the order given, each escalated to SIGKILL.
    const heads = run.stdout.split('\n').filter((line) => line.startsWith('port '));
    expect(heads.map((h) => Number(/^port (\d+):/.exec(h)?.[1]))).toEqual(stubborn.map((l) => l.port));
    expect(heads.every((h) => / free after \d+ ms$/.test(h))).toBe(true);
    expect(run.stdout.match(/SIGTERM,SIGKILL/g)).toHaveLength(3);
    const slowest = Math.max(...heads.map((h) => Number(/after (\d+) ms/.exec(h)?.[1])));
    expect(slowest).toBeGreaterThanOrEqual(GRACE);
    // One by one this is >= 3 x GRACE; at once it is one GRACE plus start-up and settling.
    expect(run.ms).toBeLessThan(2 * GRACE + 500);
  });
});
