/** What the monitor (monitor.ts) needs from the outside: the OS readers, the clock, the services' states and where to report. */
import type { ServiceState } from '../model/services.ts';
import type { ControlEvent } from '../model/state.ts';
import type { SnapshotReader } from '../model/ports.ts';
import type { OwnerDetailsReader } from '../processes/owner-details.ts';
import type { ProcessTable } from '../model/processes.ts';
import type { Timers } from '../model/timers.ts';

export interface MonitorDeps {
  reader: SnapshotReader;
  processes: ProcessTable;
  now: () => number;
  timers: Timers;
  platform?: NodeJS.Platform;
  /** Current managed-service states. */
  services: () => readonly ServiceState[];
  emit: (event: ControlEvent) => void;
  /** Called after port states changed (the control then emits its `state` event). */
  changed: () => void;
  /** Called when a poll fails (the OS could not be read); the last state is kept. */
  onError?: (error: unknown) => void;
  /**
   * Cheap change check (Linux: platform/netlink-fingerprint.ts). When it returns the same value as at
   * the last full read, the poll reuses that snapshot instead of reading the OS again.
   */
  fingerprint?: (ports: readonly number[]) => Promise<string | null>;
  /** A full read at least this often even when the fingerprint is unchanged. Default 5000. */
  fullReadEveryMs?: number;
  /** Working directory, systemd unit and container of a pid (owner matchers, listener rows). */
  details?: OwnerDetailsReader;
  /** Running as root/Administrator (changes the words for an owner that is not visible). */
  elevated?: boolean;
  /** Directory a relative `logFile` is resolved against (the config file's). */
  baseDir?: string;
}
