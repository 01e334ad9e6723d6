import { readdir } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import type { OwnerCandidate } from './linux-ss.ts';

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
        const inode = socketInode(target);
        if (inode === null || !inodes.has(inode)) continue;
        const list = owners.get(inode) ?? [];
        if (!list.includes(pid)) list.push(pid);
        owners.set(inode, list);
      }
    }),
  );
  for (const list of owners.values()) list.sort((a, b) => a - b);
  return owners;
}

/** The socket inode an fd link names (`socket:[12345]`), or null for anything else. */
function socketInode(target: string): number | null {
  const match = /^socket:\[(\d+)\]$/.exec(target);
  return match ? Number(match[1]) : null;
}

/**
 * Which of the claimed (pid, fd) pairs really hold one of `inodes`: /proc/PID/fd/FD must be
 * a link to `socket:[INODE]`. This is how `ss -p` output is read (linux-ss.ts): the kernel
 * confirms each pair, so a pair made up by a process name never names an owner, and a pair
 * that passes IS an owner. Returns inode → pids, ascending. One readlink per claim.
 */
export function checkSocketOwners(
  candidates: readonly OwnerCandidate[],
  inodes: ReadonlySet<number>,
  procRoot = '/proc',
): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  for (const { pid, fd } of candidates) {
    let target: string;
    try {
      target = readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
    } catch {
      continue; // gone, or not ours to read
    }
    const inode = socketInode(target);
    if (inode === null || !inodes.has(inode)) continue;
    const list = owners.get(inode) ?? [];
    if (!list.includes(pid)) list.push(pid);
    owners.set(inode, list);
  }
  for (const list of owners.values()) list.sort((a, b) => a - b);
  return owners;
}
