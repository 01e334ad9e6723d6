import { describe, expect, it } from 'vitest';
import { identityMismatch, sameProcess } from '../../../electron/core/processes/identity.ts';
import { proc } from './table-fixture.ts';

describe('identityMismatch', () => {
  const current = proc(4121, 1, 'python3', 4121, { command: 'python3  main.py', startTime: '98765' });
  it('accepts the same pid and start time, even if the command changed (exec)', () => {
    expect(identityMismatch({ pid: 4121, startTime: '98765', command: 'sh -c python3 main.py' }, current)).toBeNull();
  });
  it('rejects a different start time: the pid was reused', () => {
    expect(identityMismatch({ pid: 4121, startTime: '11111' }, current)).toMatch(/reused/);
  });
  it('compares command lines when no start time is known, ignoring runs of blanks', () => {
    expect(identityMismatch({ pid: 4121, command: 'python3 main.py' }, current)).toBeNull();
    expect(identityMismatch({ pid: 4121, command: 'node server.js' }, current)).toContain('now runs "python3  main.py"');
  });
  it('has nothing to contradict when the caller knew only the pid', () => {
    expect(identityMismatch({ pid: 4121 }, current)).toBeNull();
  });
  it('sameProcess is false for a vanished process', () => {
    expect(sameProcess(current, null)).toBe(false);
    expect(sameProcess(current, { ...current })).toBe(true);
  });
});
