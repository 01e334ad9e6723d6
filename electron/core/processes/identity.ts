/**
 * Process identity checks: a pid alone names nothing once it can be reused, so every signal
 * is sent only after the pid is shown to still be the process we decided to signal
 * (docs/architecture.md, "How ports are read and freed", step 1).
 */
import type { ProcessIdentity } from '../model/processes.ts';

/** What a caller saw of a process (a snapshot row, a dashboard listener). */
export interface ExpectedIdentity {
  pid: number;
  startTime?: string | null;
  command?: string | null;
  /**
   * The parent it must still have: a child aimed at for an exited owner (port-targets.ts) is
   * that owner's child only while its ParentProcessId says so.
   */
  ppid?: number | null;
}

/** Collapse runs of whitespace so "a  b" from one reader equals "a b" from another. */
function normaliseCommand(command: string): string {
  return command.replace(/\s+/g, ' ').trim();
}

/**
 * Why `current` is not the process described by `expected`, or null when it is (or when
 * nothing known contradicts it). Start time decides when both sides have it (same pid and
 * start time = same process, even after an exec); otherwise the command line must match.
 */
export function identityMismatch(expected: ExpectedIdentity, current: ProcessIdentity): string | null {
  if (expected.pid !== current.pid) return `pid ${current.pid} is not pid ${expected.pid}`;
  const label = `pid ${current.pid}`;
  if (expected.ppid != null && current.ppid !== expected.ppid) {
    return `${label} is no longer a child of pid ${expected.ppid}${current.command ? ` (now: ${current.command})` : ''}`;
  }
  if (expected.startTime != null && current.startTime !== null) {
    if (expected.startTime !== current.startTime) {
      return `${label} was reused: it started at ${current.startTime}, the process seen earlier started at ${expected.startTime}${current.command ? ` (now: ${current.command})` : ''}`;
    }
    return null;
  }
  if (expected.command != null && current.command !== null && normaliseCommand(expected.command) !== normaliseCommand(current.command)) {
    return `${label} now runs "${current.command}", not "${expected.command}" as seen earlier`;
  }
  return null;
}

/** True when `current` is still the process `seen` (same pid, same start time / command). */
export function sameProcess(seen: ProcessIdentity, current: ProcessIdentity | null): boolean {
  return current !== null && identityMismatch(seen, current) === null;
}
