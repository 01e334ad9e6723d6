/**
 * What the owner matcher needs beyond the process table: a process's working directory, its
 * systemd unit and its container (Linux: /proc/PID/cwd and /proc/PID/cgroup). Elsewhere
 * these are not known (null), which an owner matcher that asks for them reports as "not
 * visible" rather than guessing.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { parseCgroup } from './linux-cgroup.ts';

export interface OwnerDetails {
  /** null when not visible (another user's process without root). */
  cwd: string | null;
  /** '' none, null unknown. */
  unit: string | null;
  container: string | null;
}

export type OwnerDetailsReader = (pid: number) => Promise<OwnerDetails>;

const UNKNOWN: OwnerDetails = { cwd: null, unit: null, container: null };

export function createOwnerDetailsReader(platform: NodeJS.Platform = process.platform, procRoot = '/proc'): OwnerDetailsReader {
  if (platform !== 'linux') return async () => UNKNOWN;
  return async (pid) => {
    // Synchronous: /proc reads take microseconds (see processes/linux.ts).
    let cwd: string | null;
    try {
      cwd = readlinkSync(`${procRoot}/${pid}/cwd`);
    } catch {
      cwd = null;
    }
    try {
      const { unit, container } = parseCgroup(readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8'));
      return { cwd, unit, container };
    } catch {
      return { cwd, unit: null, container: null };
    }
  };
}
