import { describe, expect, it } from 'vitest';
import { ancestorsOf, descendantsOf, groupMembers, isInTree } from '../../../electron/core/processes/descendants.ts';
import { proc } from './table-fixture.ts';

// init(1) → bash(100) → npm(200) → sh(300) → node(400), node(401); python(500) under init.
const table = [
  proc(1, 0, 'systemd', 1),
  proc(100, 1, 'bash', 100),
  proc(200, 100, 'npm', 200),
  proc(300, 200, 'sh', 200),
  proc(400, 300, 'node', 200),
  proc(401, 300, 'node', 200),
  proc(500, 1, 'python3', 500),
];

describe('descendantsOf', () => {
  it('returns children and grandchildren breadth-first, not the root', () => {
    expect(descendantsOf(200, table).map((p) => p.pid)).toEqual([300, 400, 401]);
  });
  it('is empty for a leaf and for an unknown pid', () => {
    expect(descendantsOf(400, table)).toEqual([]);
    expect(descendantsOf(9999, table)).toEqual([]);
  });
  it('terminates on a ppid cycle', () => {
    const cyclic = [proc(10, 11, 'a'), proc(11, 10, 'b')];
    expect(descendantsOf(10, cyclic).map((p) => p.pid)).toEqual([11]);
  });
});

describe('ancestorsOf / isInTree / groupMembers', () => {
  it('walks up to the root, nearest first', () => {
    expect(ancestorsOf(400, table)).toEqual([300, 200, 100, 1, 0]);
  });
  it('tells tree membership', () => {
    expect(isInTree(400, 200, table)).toBe(true);
    expect(isInTree(200, 200, table)).toBe(true);
    expect(isInTree(500, 200, table)).toBe(false);
    expect(isInTree(100, 200, table)).toBe(false);
  });
  it('lists a process group', () => {
    expect(groupMembers(200, table).map((p) => p.pid)).toEqual([200, 300, 400, 401]);
  });
});
