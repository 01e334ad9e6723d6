import type { AddressFamily } from '../model/ports.ts';

/** One listening socket as the Linux sources describe it (ss without -p, /proc/net/tcp), before owners. */
export interface LinuxSocketRow {
  address: string;
  port: number;
  family: AddressFamily;
  /** Socket inode (ss `ino:`, /proc/net/tcp `inode`); null when the source did not print it. */
  inode: number | null;
  /** Socket owner uid; null when the source did not print it (ss omits `uid:` for root). */
  uid: number | null;
}
