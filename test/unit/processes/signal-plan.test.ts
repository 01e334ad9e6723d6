import { describe, expect, it } from 'vitest';
import { planPosixTermination } from '../../../electron/core/processes/signal-plan.ts';
import { proc } from './table-fixture.ts';

describe('planPosixTermination', () => {
  it('kills the group when the target leads one with nothing protected in it', () => {
    const table = [
      proc(1, 0, 'systemd', 1),
      proc(900, 1, 'bash', 900),
      proc(200, 900, 'npm', 200),
      proc(300, 200, 'sh', 200),
      proc(400, 300, 'node', 200),
      proc(450, 300, 'daemon', 450),
    ];
    const plan = planPosixTermination(table[2]!, table, { platform: 'linux', selfPid: 999_999, table });
    expect(plan.via).toBe('group');
    expect(plan.pgid).toBe(200);
    // 450 left the group (setsid): signalled on its own.
    expect(plan.pids).toEqual([450]);
    expect(plan.reached.map((p) => p.pid).sort()).toEqual([200, 300, 400, 450]);
  });
  it('falls back to the tree, deepest first, when the group holds us', () => {
    // We (pid 250) run in the target's group, as `server & portwarden free` in a script does.
    const table = [
      proc(1, 0, 'systemd', 1),
      proc(200, 1, 'sh', 200),
      proc(250, 200, 'portwarden', 200),
      proc(300, 200, 'python3', 200),
      proc(400, 300, 'python3', 200),
    ];
    const plan = planPosixTermination(table[1]!, table, { platform: 'linux', selfPid: 250, table });
    expect(plan.via).toBe('tree');
    expect(plan.pids).toEqual([400, 300, 200]);
    expect(plan.skipped.map((s) => s.pid)).toEqual([250]);
  });
  it('signals the tree when the target does not lead its group', () => {
    const table = [proc(1, 0, 'systemd', 1), proc(200, 1, 'npm', 200), proc(300, 200, 'node', 200), proc(400, 300, 'esbuild', 200)];
    const plan = planPosixTermination(table[2]!, table, { platform: 'linux', selfPid: 999_999, table });
    expect(plan.via).toBe('tree');
    expect(plan.pids).toEqual([400, 300]);
  });
});
