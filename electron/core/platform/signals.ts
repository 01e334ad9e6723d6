/**
 * Signals and process groups, per OS, in one place. Everything above (the kill transaction's
 * defaults in processes/kill-deps.ts, stopping a managed service in services/stop-group.ts,
 * `portwarden serve`'s forced stop, `portwarden run`'s forwarding) goes through these
 * functions instead of calling process.kill or taskkill itself.
 *
 * POSIX (Linux, macOS): kill(2); a negative pid addresses a process group.
 * Linux: a group's members are read from /proc (linux-proc.ts), so a zombie member (it holds
 * nothing) does not keep the group "alive".
 * Windows: there are no process groups or signals; a group is its leader's tree, asked to
 * close with `taskkill /T` and forced with `/T /F` (taskkill.ts).
 */
import { execFileRunner } from './run-command.ts';
import type { CommandRunner } from './run-command.ts';
import { linuxGroupMembers, linuxIsZombie } from './linux-proc.ts';
import { runTaskkill } from './taskkill.ts';

/**
 * Send a signal to a pid (a negative pid: a POSIX process group; 0: only check that it
 * exists). Throws the errno error (ESRCH, EPERM) like process.kill.
 */
export function sendSignal(pid: number, signal: NodeJS.Signals | 0): void {
  process.kill(pid, signal);
}

/** True when `pid` exists only as a zombie (exited, not yet reaped): it holds nothing. Linux only; elsewhere false. */
export function isZombie(pid: number, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' ? linuxIsZombie(pid) : false;
}

/** Whether any process of the group led by `pgid` is alive (Windows: the leader itself). */
export async function groupAlive(pgid: number, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') return (await linuxGroupMembers(pgid)).length > 0;
  try {
    sendSignal(platform === 'win32' ? pgid : -pgid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return platform !== 'win32' && (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Signal the whole group led by `pgid`; true when the signal was delivered. Windows: SIGKILL
 * is `taskkill /T /F` on the leader, any other signal `taskkill /T`.
 */
export async function signalGroup(
  pgid: number,
  signal: NodeJS.Signals,
  platform: NodeJS.Platform = process.platform,
  run: CommandRunner = execFileRunner,
): Promise<boolean> {
  if (platform === 'win32') {
    const { outcome } = await runTaskkill(pgid, signal === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM', run).catch(() => ({
      outcome: 'failed' as const,
    }));
    return outcome === 'sent';
  }
  try {
    sendSignal(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
