import { describe, expect, it } from 'vitest';
import { SerialCheck } from '../../../electron/core/services/serial-check.ts';
import { realTimers } from '../../../electron/core/services/service-runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SerialCheck', () => {
  it('never overlaps runs; requests during a run fold into exactly one more run', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    const check = new SerialCheck(
      realTimers,
      async () => {
        runs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(40);
        inFlight--;
        return false;
      },
      { delayMs: 5, repeatMs: 5, budget: 10 },
    );
    check.request(true);
    await sleep(20); // first run in flight
    for (let i = 0; i < 5; i++) check.request(true);
    await sleep(200);
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it('repeats while the run asks to, within the budget, and a fresh request refills it', async () => {
    let runs = 0;
    const check = new SerialCheck(
      realTimers,
      async () => {
        runs++;
        return true;
      },
      { delayMs: 1, repeatMs: 1, budget: 4 },
    );
    check.request(true);
    await sleep(100);
    expect(runs).toBe(4);
    check.request(); // no new evidence: budget spent, nothing runs
    await sleep(30);
    expect(runs).toBe(4);
    check.request(true);
    await sleep(100);
    expect(runs).toBe(8);
  });

  it('cancel stops a pending run and the repeats', async () => {
    let runs = 0;
    const check = new SerialCheck(
      realTimers,
      async () => {
        runs++;
        return true;
      },
      { delayMs: 20, repeatMs: 20, budget: 100 },
    );
    check.request(true);
    check.cancel();
    await sleep(80);
    expect(runs).toBe(0);
  });
});
