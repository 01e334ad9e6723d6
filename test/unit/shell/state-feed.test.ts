import { describe, expect, it } from 'vitest';
import type { ControlState } from '../../../electron/core/control/contract.ts';
import { startStateFeed } from '../../../electron/shell/state-feed.ts';
import { createRecordingControl } from '../../fixtures/shell/recording-control.ts';
import { controlState } from '../../fixtures/shell/states.ts';

function harness() {
  const control = createRecordingControl();
  const timers: (() => void)[] = [];
  const states: ControlState[] = [];
  const unsubscribe = startStateFeed({
    control,
    onState: (s) => states.push(s),
    onError: (e) => {
      throw e;
    },
    schedule: (fn) => timers.push(fn),
  });
  const flush = async () => {
    for (const fn of timers.splice(0)) fn();
    await new Promise((r) => setImmediate(r));
  };
  return { control, timers, states, unsubscribe, flush };
}

describe('state feed for the tray', () => {
  it('fetches the state once at start', async () => {
    const h = harness();
    await h.flush();
    expect(h.control.calls.map((c) => c.method)).toEqual(['getState']);
    expect(h.states).toHaveLength(1);
  });

  it('passes pushed states straight through and ignores older ones', async () => {
    const h = harness();
    await h.flush();
    const newer = controlState([], { updatedAt: 1_800_000_000_000 });
    h.control.emit({ type: 'state', at: 1, state: newer });
    h.control.emit({ type: 'state', at: 1, state: controlState([], { updatedAt: 1 }) });
    expect(h.states.at(-1)).toBe(newer);
    expect(h.states).toHaveLength(2);
  });

  it('coalesces a burst of transitions into one getState, and ignores log lines', async () => {
    const h = harness();
    await h.flush();
    const conflict = { kind: 'foreign-owner' as const, detail: 'x', pids: [1] };
    h.control.emit({ type: 'conflict-detected', at: 1, port: 8000, conflict });
    h.control.emit({ type: 'service-exited', at: 2, serviceId: 'api', code: 1, signal: null });
    h.control.emit({ type: 'health-changed', at: 3, port: 8000, state: 'unhealthy', previous: 'healthy' });
    h.control.emit({ type: 'log', at: 4, serviceId: 'api', line: { at: 4, stream: 'stdout', text: 'hi' } });
    expect(h.timers).toHaveLength(1);
    await h.flush();
    expect(h.control.calls.filter((c) => c.method === 'getState')).toHaveLength(2);
    h.control.emit({ type: 'log', at: 5, serviceId: 'api', line: { at: 5, stream: 'stdout', text: 'hi' } });
    expect(h.timers).toHaveLength(0);
  });

  it('stops after unsubscribe', async () => {
    const h = harness();
    await h.flush();
    h.unsubscribe();
    h.control.emit({ type: 'state', at: 1, state: controlState([], { updatedAt: 1_900_000_000_000 }) });
    expect(h.states).toHaveLength(1);
  });
});
