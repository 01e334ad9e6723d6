import { describe, expect, it } from 'vitest';
import {
  EMPTY_NOTIFICATION_MEMORY,
  conflictKey,
  conflictsFromState,
  decideNotifications,
  notificationButtons,
} from '../../../electron/shell/notification-policy.ts';
import type { ConflictObservation, NotificationMemory } from '../../../electron/shell/notification-policy.ts';
import { conflictState, controlState, foreignOwner } from '../../fixtures/shell/states.ts';

const policy = { cooldownMs: 60_000, maxPerMinute: 3 };
const rogue = (port: number, pid: number): ConflictObservation => ({
  port,
  portName: null,
  conflict: foreignOwner(port, pid),
  owners: [{ pid }],
});

/** Feed a sequence of polls; return how many notifications each produced. */
function run(polls: { at: number; current: ConflictObservation[]; paused?: boolean }[]): { counts: number[]; memory: NotificationMemory } {
  let memory = EMPTY_NOTIFICATION_MEMORY;
  const counts: number[] = [];
  for (const poll of polls) {
    const d = decideNotifications(memory, poll.current, poll.at, policy, poll.paused);
    counts.push(d.show.length);
    memory = d.memory;
  }
  return { counts, memory };
}

describe('notification policy', () => {
  it('shows one notification per new conflict, with the port and the detail', () => {
    const d = decideNotifications(EMPTY_NOTIFICATION_MEMORY, conflictsFromState(conflictState()), 1000, policy);
    expect(d.show).toEqual([
      {
        key: '8000:foreign-owner:4121',
        port: 8000,
        title: 'Port 8000 (api) taken by another process',
        body: 'python3 (pid 4121) holds 8000, which belongs to service api',
        // What its "Free port" button sends: the owner shown, so a newcomer is never signalled.
        owners: [{ pid: 4121, command: 'python3 -m http.server 8000' }],
      },
    ]);
  });

  it('does not notify again on every poll while the conflict stays', () => {
    const polls = Array.from({ length: 50 }, (_, i) => ({ at: i * 1000, current: [rogue(8000, 4121)] }));
    expect(run(polls).counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a different holder on the same port is a new conflict', () => {
    const { counts } = run([
      { at: 0, current: [rogue(8000, 1)] },
      { at: 1000, current: [rogue(8000, 2)] },
    ]);
    expect(counts).toEqual([1, 1]);
  });

  it('the key ignores pid order and duplicates', () => {
    expect(conflictKey(8000, { kind: 'multiple-listeners', detail: '', pids: [9, 3, 9] })).toBe('8000:multiple-listeners:3,9');
  });

  it('resolved then re-detected inside the cooldown: silent; after the cooldown: notify again', () => {
    const { counts } = run([
      { at: 0, current: [rogue(8000, 1)] },
      { at: 1_000, current: [] },
      { at: 30_000, current: [rogue(8000, 1)] }, // back within 60 s of the first notification
      { at: 31_000, current: [] },
      { at: 61_000, current: [rogue(8000, 1)] }, // cooldown over
      { at: 62_000, current: [rogue(8000, 1)] },
    ]);
    expect(counts).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('a conflict re-detected inside the cooldown and still present after it is not shown late', () => {
    const { counts } = run([
      { at: 0, current: [rogue(8000, 1)] },
      { at: 1_000, current: [] },
      { at: 2_000, current: [rogue(8000, 1)] },
      { at: 70_000, current: [rogue(8000, 1)] },
    ]);
    expect(counts).toEqual([1, 0, 0, 0]);
  });

  it('rate-limits across keys: at most maxPerMinute in any minute, the rest counted as suppressed', () => {
    const many = Array.from({ length: 5 }, (_, i) => rogue(9000 + i, 100 + i));
    const first = run([{ at: 0, current: many }]);
    expect(first.counts).toEqual([3]);
    expect(first.memory.suppressed).toBe(2);
    // A minute later the budget is back for genuinely new conflicts.
    const later = decideNotifications(first.memory, [...many, rogue(7000, 1)], 61_000, policy);
    expect(later.show.map((s) => s.port)).toEqual([7000]);
  });

  it('shows nothing and forgets nothing while paused', () => {
    const { counts, memory } = run([
      { at: 0, current: [rogue(8000, 1)] },
      { at: 1000, current: [], paused: true },
      { at: 2000, current: [rogue(8000, 1)] },
    ]);
    expect(counts).toEqual([1, 0, 0]);
    expect(memory.active).toEqual(['8000:foreign-owner:1']);
  });

  it('reads every conflict of every port from a state', () => {
    const state = controlState([]);
    expect(conflictsFromState(state)).toEqual([]);
    expect(conflictsFromState(conflictState()).map((o) => o.port)).toEqual([8000]);
  });

  it('offers Free port / Open buttons on macOS only', () => {
    expect(notificationButtons('darwin').map((b) => b.text)).toEqual(['Free port', 'Open']);
    expect(notificationButtons('win32')).toEqual([]);
    expect(notificationButtons('linux')).toEqual([]);
  });

  it('keeps memory bounded: expired cooldowns of resolved conflicts are forgotten', () => {
    const polls = Array.from({ length: 200 }, (_, i) => ({ at: i * 120_000, current: i % 2 === 0 ? [rogue(8000, i)] : [] }));
    const { memory } = run(polls);
    expect(Object.keys(memory.lastShown).length).toBeLessThanOrEqual(1);
    expect(memory.recent.length).toBeLessThanOrEqual(policy.maxPerMinute);
  });
});
