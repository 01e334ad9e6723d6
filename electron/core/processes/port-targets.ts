/**
 * Which pids the kill transaction aims at for a port's rows (free-port.ts, steps 1–2):
 *
 * - an ordinary owner: itself;
 * - a forwarder (docker-proxy, com.docker.backend, wslrelay.exe; `row.behind`): nobody —
 *   killing it does not stop the container or the WSL server and Docker starts the proxy
 *   again, so it is refused with what to do instead — or, asked to (`stopContainers`), the
 *   container behind a docker-proxy is stopped through the Docker API (stop-containers.ts);
 * - Windows, an owner that exited while its children kept the socket (`row.orphanedSocket`):
 *   those children, each checked to still be a child of that owner before it is signalled.
 */
import { forwarderRefusal, orphanedSocketWords } from '../vocabulary/forwarders.ts';
import type { BehindDockerContainer } from '../model/owners.ts';
import type { ListenerRecord } from '../model/ports.ts';
import type { ExpectedIdentity } from './identity.ts';
import type { Candidate } from './terminate.ts';
import type { KillAction } from '../model/processes.ts';

export interface PortTargets {
  candidates: Candidate[];
  /** Reports for rows nothing is sent to (refused forwarders, exited owners). */
  actions: KillAction[];
  /** Every pid looked at, so the final look does not report them as newcomers. */
  seen: Set<number>;
  /** Exited owner pid → the children aimed at in its place (they hold its socket). */
  heldFor: Map<number, number[]>;
  /** Forwarders whose container is to be stopped (only with `stopContainers`). */
  containers: ContainerTarget[];
}

export interface ContainerTarget {
  /** The forwarder's pid and name (docker-proxy), reported as the action's subject. */
  pid: number;
  name: string | null;
  port: number;
  container: BehindDockerContainer & { id: string };
}

function report(pid: number, name: string | null, result: KillAction['result'], reason: string): KillAction {
  return { pid, name, signal: null, signals: [], result, reason };
}

export interface TargetOptions {
  onlyPids?: readonly number[];
  expected?: readonly ExpectedIdentity[];
  stopContainers?: boolean;
}

export function portTargets(rows: readonly ListenerRecord[], { onlyPids, expected, stopContainers }: TargetOptions): PortTargets {
  const t: PortTargets = { candidates: [], actions: [], seen: new Set(), heldFor: new Map(), containers: [] };
  const wanted = (pid: number) => onlyPids === undefined || onlyPids.includes(pid);
  for (const row of rows) {
    if (row.pid === null || t.seen.has(row.pid)) continue;
    if (row.orphanedSocket) {
      // Aimed at by the exited owner's pid (what netstat shows) or by a child's.
      const children = row.orphanedSocket.heldBy.filter((pid) => wanted(row.pid as number) || wanted(pid));
      if (!wanted(row.pid) && children.length === 0) continue;
      t.seen.add(row.pid);
      const words = orphanedSocketWords(row.pid, row.orphanedSocket.heldBy);
      t.actions.push(
        report(
          row.pid,
          row.name,
          children.length === 0 ? 'owner-unknown' : 'not-found',
          children.length === 0 ? words : `${words}; freeing the port stops them`,
        ),
      );
      t.heldFor.set(row.pid, children);
      for (const pid of children) {
        if (t.seen.has(pid)) continue;
        t.seen.add(pid);
        t.candidates.push({ pid, name: null, expected: { pid, ppid: row.pid } });
      }
      continue;
    }
    if (!wanted(row.pid)) continue;
    t.seen.add(row.pid);
    const behind = row.behind;
    if (stopContainers && behind?.kind === 'docker-container' && behind.id !== null) {
      t.containers.push({ pid: row.pid, name: row.name, port: row.port, container: { ...behind, id: behind.id } });
      continue;
    }
    if (behind) {
      t.actions.push(report(row.pid, row.name, 'refused-protected', forwarderRefusal(row.name, row.pid, row.port, behind)));
      continue;
    }
    const given = expected?.find((e) => e.pid === row.pid);
    t.candidates.push({ pid: row.pid, name: row.name, expected: given ?? { pid: row.pid, command: row.command } });
  }
  return t;
}

/**
 * The pids holding the port in `rows`: the listed owners, and in place of an exited owner the
 * children that keep its socket (netstat goes on naming the exited pid until they let go).
 */
export function holdersWith(rows: readonly ListenerRecord[], heldFor: ReadonlyMap<number, number[]>): Set<number> {
  const held = new Set<number>();
  for (const row of rows) {
    if (row.pid === null) continue;
    held.add(row.pid);
    for (const child of heldFor.get(row.pid) ?? []) held.add(child);
  }
  return held;
}
