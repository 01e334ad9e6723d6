/**
 * The port snapshot: every TCP listener the OS reports, with every owner kept.
 *
 * One row per (socket address, owner pid). A socket shared by a parent and its forked child,
 * or an SO_REUSEPORT group, yields one row per pid; an IPv4 and an IPv6 socket on the same
 * port are separate rows.
 */
import type { Behind, OrphanedSocket } from './owners.ts';

export type AddressFamily = 'IPv4' | 'IPv6';

export interface ListenerRecord {
  port: number;
  /** Local address as the OS prints it, normalised: '0.0.0.0', '::', '127.0.0.1', '::1', … */
  address: string;
  family: AddressFamily;
  /**
   * Owner pid. `null` means "in use, owner not visible to this user" (another user's or
   * another pid namespace's socket). It never means "free".
   */
  pid: number | null;
  /** Short process name (comm / image name), null when unknown. */
  name: string | null;
  /** Full command line, null when unknown. */
  command: string | null;
  /** Owning user name (or uid as text when no name is known), null when unknown. */
  user: string | null;
  ppid: number | null;
  /** Epoch ms the owner started, null when unknown. */
  startedAt: number | null;
  /** The owner's working directory, null when it cannot be read (Windows, another user's process). */
  cwd: string | null;
  /**
   * The project the owner belongs to (owners/project-name.ts): the nearest package.json name,
   * else the git repository's folder, else the folder's name; null when unknown.
   */
  project: string | null;
  /** What the owner forwards the port for (a Docker container, a WSL distribution), or null. */
  behind: Behind | null;
  /** Windows: the owner exited and its children keep the socket (model/owners.ts). */
  orphanedSocket: OrphanedSocket | null;
}

export interface PortSnapshot {
  /** Epoch milliseconds when the OS was read. */
  takenAt: number;
  listeners: readonly ListenerRecord[];
}

export interface SnapshotOptions {
  /** Only these ports (all listeners when omitted). */
  ports?: readonly number[];
  /** Resolve owners (pid, name, command, user). Default true. */
  owners?: boolean;
}

/** Reads the OS listener table. One implementation per platform, chosen at runtime. */
export interface SnapshotReader {
  read(options?: SnapshotOptions): Promise<PortSnapshot>;
}
