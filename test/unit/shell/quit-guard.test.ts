import { describe, expect, it } from 'vitest';
import { createQuitGuard } from '../../../electron/shell/quit-guard.ts';

function harness(stop: () => Promise<void>) {
  const log: string[] = [];
  const timers: (() => void)[] = [];
  let quits = 0;
  const guard = createQuitGuard({
    stop,
    quit: () => {
      quits += 1;
    },
    log: (line) => log.push(line),
    setTimer: (fn) => timers.push(fn),
    timeoutMs: 10_000,
  });
  return { guard, log, timers, quits: () => quits };
}

describe('quit guard', () => {
  it('holds the first quit until the core has stopped, then quits once and lets it through', async () => {
    let release!: () => void;
    let stops = 0;
    const h = harness(() => {
      stops += 1;
      return new Promise<void>((resolve) => (release = resolve));
    });
    expect(h.guard.onBeforeQuit()).toBe(false);
    expect(h.guard.onBeforeQuit()).toBe(false); // a second Quit click while stopping
    expect(stops).toBe(1);
    expect(h.quits()).toBe(0);
    release();
    await new Promise((r) => setImmediate(r));
    expect(h.quits()).toBe(1);
    expect(h.guard.phase).toBe('stopped');
    expect(h.guard.onBeforeQuit()).toBe(true); // the app.quit() we called goes through
    h.timers[0]!(); // a late timeout does nothing
    expect(h.quits()).toBe(1);
  });

  it('quits anyway when stopping fails, and says why', async () => {
    const h = harness(() => Promise.reject(new Error('service api would not stop')));
    h.guard.onBeforeQuit();
    await new Promise((r) => setImmediate(r));
    expect(h.quits()).toBe(1);
    expect(h.log.join('\n')).toMatch(/stop failed \(service api would not stop\)/);
  });

  it('quits anyway when stopping hangs past the timeout', () => {
    const h = harness(() => new Promise<void>(() => undefined));
    h.guard.onBeforeQuit();
    expect(h.quits()).toBe(0);
    h.timers[0]!();
    expect(h.quits()).toBe(1);
    expect(h.log.join('\n')).toMatch(/did not stop within 10000 ms/);
  });
});
