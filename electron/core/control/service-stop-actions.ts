/**
 * A free of a port a managed service listens on stops that service through its supervisor
 * (control/port-actions.ts). The kill transaction then finds the port already free and
 * sends nothing, so what the supervisor did is reported here, in the same shape as the
 * transaction's own actions: per process that held the port, the signals its group was
 * sent and whether it is gone — never "nothing was listening" (trial S1).
 */
import type { KillAction, KillSignal } from '../model/processes.ts';
import type { ServiceRunner } from '../services/service-runner.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import { resolveKillDeps } from '../processes/kill-deps.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import { partitionHolders } from './port-probes.ts';

interface Holder {
  pid: number;
  name: string | null;
  startTime: string | null;
}

/** The same signal sent twice in a row (transaction, then group sweep) is one signal. */
function distinctInOrder(signals: readonly KillSignal[]): KillSignal[] {
  return signals.filter((s, i) => i === 0 || signals[i - 1] !== s);
}

/** Stop `runner` and report, per process of its tree that held `port` (else its leader), what that did. */
export async function stopServiceReporting(runner: ServiceRunner, port: number | null, killDeps: KillDeps): Promise<KillAction[]> {
  const { reader, processes, isZombie } = resolveKillDeps(killDeps);
  const leader = runner.pid;
  const holders: Holder[] = [];
  if (leader !== null && port !== null) {
    const tree = new TreeResolver(processes);
    const { own } = await partitionHolders(reader, port, (pid) => tree.inTree(pid, leader)).catch(() => ({ own: [] }));
    for (const l of own) {
      if (l.pid === null || holders.some((h) => h.pid === l.pid)) continue;
      // The start time tells "exited" from "a new process got the same pid" afterwards.
      const id = await processes.get(l.pid).catch(() => null);
      holders.push({ pid: l.pid, name: l.name, startTime: id?.startTime ?? null });
    }
  }
  if (leader !== null && holders.length === 0) {
    // Nothing of the service held the port at that moment: the leader is what is stopped.
    const id = await processes.get(leader).catch(() => null);
    holders.push({ pid: leader, name: id?.name ?? null, startTime: id?.startTime ?? null });
  }
  const { stop } = await runner.stopReporting();
  if (leader === null || stop === null) return [];
  const signals = distinctInOrder(stop.signals);
  const actions: KillAction[] = [];
  for (const h of holders) {
    // A zombie (dead, not yet reaped by whoever inherited it) holds nothing: it exited.
    const now = await processes.get(h.pid).catch(() => null);
    const same = now !== null && !isZombie(h.pid) && (h.startTime === null || now.startTime === null || now.startTime === h.startTime);
    actions.push({
      pid: h.pid,
      name: h.name,
      signal: signals.at(-1) ?? null,
      signals,
      result: same ? 'still-running' : 'exited',
      via: 'group',
      service: runner.id,
      ...(h.pid !== leader ? { alsoSignalled: [leader] } : {}),
    });
  }
  return actions;
}
