/**
 * SerialCheck takes its timers as a dependency (realTimers); these tests run them on Vitest's
 * fake clock, so "nothing more ran 50 ms later" is exact and costs no wall time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SerialCheck } from '../../../electron/core/services/serial-check.ts';
import { realTimers } from '../../../electron/core/model/timers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Move the fake clock on by `ms`, running every timer due on the way. */
const sleep = (ms: number): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);

/** Move the fake clock on (1 ms steps, at most `limitMs`) until `condition` holds. */
async function waitFor(condition: () => boolean, limitMs: number, what: string): Promise<void> {
  for (let t = 0; t < limitMs && !condition(); t++) await vi.advanceTimersByTimeAsync(1);
  if (!condition()) throw new Error(`timed out (fake clock, ${limitMs} ms) waiting for ${what}`);
}

/** A check whose every run asks for another, counting its runs. */
function alwaysRepeating(options: { delayMs: number; repeatMs: number; budget: number }) {
  let runs = 0;
  const check = new SerialCheck(
    realTimers,
    async () => {
      runs++;
      return true;
    },
    options,
  );
  return { check, runs: () => runs };
}

describe('SerialCheck', () => {
  it('never overlaps runs; requests during a run fold into exactly one more run', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const check = new SerialCheck(
      realTimers,
      async () => {
        runs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (runs === 1) await new Promise<void>((r) => (release = r));
        inFlight--;
        return false;
      },
      { delayMs: 1, repeatMs: 1, budget: 10 },
    );
    check.request(true);
    await waitFor(() => runs === 1, 2000, 'first run in flight');
    for (let i = 0; i < 5; i++) check.request(true);
    release();
    await waitFor(() => runs === 2, 2000, 'the one folded run');
    await sleep(50);
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it('repeats while the run asks to, within the budget, and a fresh request refills it', async () => {
    const { check, runs } = alwaysRepeating({ delayMs: 1, repeatMs: 1, budget: 4 });
    check.request(true);
    await waitFor(() => runs() === 4, 2000, 'four runs');
    await sleep(30);
    expect(runs()).toBe(4);
    check.request(); // no new evidence: budget spent, nothing runs
    await sleep(30);
    expect(runs()).toBe(4);
    check.request(true);
    await waitFor(() => runs() === 8, 2000, 'four more runs');
    await sleep(30);
    expect(runs()).toBe(8);
  });

  it('cancel stops a pending run and the repeats', async () => {
    const { check, runs } = alwaysRepeating({ delayMs: 20, repeatMs: 20, budget: 100 });
    check.request(true);
    check.cancel();
    await sleep(80);
    expect(runs()).toBe(0);
  });
});
