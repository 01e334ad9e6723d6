import type { ProcessIdentity } from '../model/processes.ts';
import { NO_OWNER, ownerFields } from './records.ts';
import type { AddressFamily, ListenerRecord } from '../model/ports.ts';

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
export function toRecords(
  sockets: readonly OwnedSocket[],
  identities: ReadonlyMap<number, ProcessIdentity>,
  platform: NodeJS.Platform,
): ListenerRecord[] {
  const records: ListenerRecord[] = [];
  for (const s of sockets) {
    const base = { port: s.port, address: s.address, family: s.family };
    if (s.pids.length === 0) {
      records.push({ ...base, ...NO_OWNER });
      continue;
    }
    for (const pid of s.pids) {
      const id = identities.get(pid);
      const owner = id ? ownerFields(id, platform) : { ...NO_OWNER, pid };
      records.push({
        ...base,
        ...owner,
        name: owner.name ?? s.names?.get(pid) ?? null,
        user: owner.user ?? s.users?.get(pid) ?? null,
      });
    }
  }
  return records;
}
