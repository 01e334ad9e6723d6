import type { ProcessIdentity } from '../processes/types.ts';
import type { AddressFamily, ListenerRecord } from './types.ts';

/** A socket with zero or more owner pids, before owner details are added. */
export interface OwnedSocket {
  port: number;
  address: string;
  family: AddressFamily;
  /** Owner pids; empty = in use, owner not visible. */
  pids: number[];
  /** Names the OS listing printed, by pid (used when the process table has no answer). */
  names?: Map<number, string>;
  /** Users the OS listing printed, by pid. */
  users?: Map<number, string>;
}

/**
 * Turns sockets and looked-up identities into records: one per (socket, owner), or one with
 * pid null when no owner is visible. Listing names/users fill in when the identity is missing
 * (the process exited between the two reads, or the table may not see it).
 */
export function toRecords(sockets: readonly OwnedSocket[], identities: ReadonlyMap<number, ProcessIdentity>): ListenerRecord[] {
  const records: ListenerRecord[] = [];
  for (const s of sockets) {
    const base = { port: s.port, address: s.address, family: s.family };
    if (s.pids.length === 0) {
      records.push({ ...base, pid: null, name: null, command: null, user: null, ppid: null });
      continue;
    }
    for (const pid of s.pids) {
      const id = identities.get(pid);
      records.push({
        ...base,
        pid,
        name: id?.name ?? s.names?.get(pid) ?? null,
        command: id?.command ?? null,
        user: id?.user ?? s.users?.get(pid) ?? null,
        ppid: id?.ppid ?? null,
      });
    }
  }
  return records;
}
