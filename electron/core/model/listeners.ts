/**
 * The "All listeners" view (dashboard, tray "Listening now", GET /api/listeners/all): every
 * TCP listener from the monitor's own snapshot, each with what kind of program it is and
 * whether it answers HTTP on loopback (core/listeners/).
 */
import type { ListenerRecord } from './ports.ts';

/**
 * dev: a program the user runs for development (a project's server, a container, a
 * runtime like node or python); system: another user's or the OS's; app: a desktop app.
 */
export type ListenerKind = 'dev' | 'system' | 'app';

export interface ListenerRow extends ListenerRecord {
  kind: ListenerKind;
  /** Why the row is not a dev server ("runs as root", "desktop app Slack"); null for dev. */
  kindReason: string | null;
  /**
   * The port answered an HTTP request on loopback (probed once per process, cached):
   * true / false, null while not probed yet or not probed at all (only dev servers on a
   * loopback or wildcard address are probed).
   */
  http: boolean | null;
  /** The arguments apart (Linux /proc/PID/cmdline) for "Copy command"; null elsewhere. */
  argv: string[] | null;
  /** The port is on the watch list already. */
  watched: boolean;
}

export interface AllListeners {
  /** Epoch ms when the OS was read (the monitor's snapshot). */
  takenAt: number;
  rows: ListenerRow[];
}
