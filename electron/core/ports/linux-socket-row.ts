import type { AddressFamily } from './types.ts';

/** A process that holds a listening socket, as ss -p or the /proc fd scan reports it. */
export interface SocketOwner {
  pid: number;
  /** comm as ss prints it; null when it came from the fd scan. */
  name: string | null;
}

/** One listening socket as the Linux sources describe it, before owners are detailed. */
export interface LinuxSocketRow {
  address: string;
  port: number;
  family: AddressFamily;
  /** Socket inode (ss `ino:`, /proc/net/tcp `inode`); null when the source did not print it. */
  inode: number | null;
  /** Socket owner uid; null when the source did not print it (ss omits `uid:` for root). */
  uid: number | null;
  /**
   * The processes holding the socket. null = not asked (no -p); [] = asked, none visible
   * (another user's socket without privileges, or another pid namespace).
   */
  owners: SocketOwner[] | null;
}
