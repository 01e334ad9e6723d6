import { readdir } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';

/**
 * Finds which processes hold the given socket inodes by reading every /proc/PID/fd link
 * (`socket:[12345]`). This is what `ss -p` does internally, and it is the expensive part of
 * finding owners (it grows with the machine's open fds), so it runs only for sockets whose
 * owners are not cached, and only when ss is unavailable.
 *
 * Every process is checked (no early exit): a socket can have several holders (listen then
 * fork). Processes and fds that vanish mid-scan, or that we may not read (other users'
 * processes without privileges), are skipped. Returns inode → pids, ascending.
 */
export async function scanSocketOwners(inodes: ReadonlySet<number>, procRoot = '/proc'): Promise<Map<number, number[]>> {
  const owners = new Map<number, number[]>();
  if (inodes.size === 0) return owners;
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return owners;
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number);
  await Promise.all(
    pids.map(async (pid) => {
      const dir = `${procRoot}/${pid}/fd`;
      let fds: string[];
      try {
        fds = await readdir(dir);
      } catch {
        return;
      }
      // One async readdir per process, then synchronous readlinks: a readlink is a few
      // microseconds, and thousands of promise round-trips through the libuv pool would
      // cost far more than the syscalls themselves.
      for (const fd of fds) {
        let target: string;
        try {
          target = readlinkSync(`${dir}/${fd}`);
        } catch {
          continue;
        }
        if (!target.startsWith('socket:[')) continue;
        const inode = Number(target.slice(8, -1));
        if (!inodes.has(inode)) continue;
        const list = owners.get(inode) ?? [];
        if (!list.includes(pid)) list.push(pid);
        owners.set(inode, list);
      }
    }),
  );
  for (const list of owners.values()) list.sort((a, b) => a - b);
  return owners;
}
