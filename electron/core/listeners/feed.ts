/**
 * The All listeners view's data: the monitor's own snapshot (every listener while someone
 * looks, monitor.ts allListeners), each row with its kind (classify.ts), its loopback HTTP
 * answer (http-probe.ts), its arguments for "Copy command" (argv.ts) and whether its port is
 * watched already.
 */
import type { AllListeners, ListenerRow } from '../model/listeners.ts';
import type { PortSnapshot } from '../model/ports.ts';
import type { ArgvReader } from './argv.ts';
import { classifyListener } from './classify.ts';
import { HttpProbeCache } from './http-probe.ts';

export interface ListenerFeedDeps {
  /** The monitor's snapshot of every listener, kept current for `leaseMs`. */
  snapshot(leaseMs: number): Promise<PortSnapshot>;
  watchedPorts(): readonly number[];
  /** The user name Portwarden runs as (other users' listeners are not dev servers). */
  self: string | null;
  argv: ArgvReader;
  /** How long one ask keeps the monitor reading every listener (the view asks every poll). */
  leaseMs(): number;
  /** A probe answered: surfaces may want to ask again. */
  onProbe?: () => void;
  probe?: (host: string, port: number) => Promise<boolean>;
}

export interface ListenerFeed {
  read(): Promise<AllListeners>;
  /** Probes queued or running (tests). */
  pendingProbes(): number;
}

export function createListenerFeed(deps: ListenerFeedDeps): ListenerFeed {
  const probes = new HttpProbeCache(deps.onProbe, deps.probe);
  return {
    async read() {
      const snapshot = await deps.snapshot(deps.leaseMs());
      const watched = new Set(deps.watchedPorts());
      const rows = await Promise.all(
        snapshot.listeners.map(async (record): Promise<ListenerRow> => {
          const { kind, reason } = classifyListener(record, deps.self);
          return {
            ...record,
            kind,
            kindReason: reason,
            // Only dev servers are probed: a request to a system service's port is not ours to send.
            http: probes.answer(record, kind === 'dev'),
            argv: record.pid === null ? null : await deps.argv(record.pid, record.startedAt),
            watched: watched.has(record.port),
          };
        }),
      );
      return { takenAt: snapshot.takenAt, rows };
    },
    pendingProbes: () => probes.pending(),
  };
}
