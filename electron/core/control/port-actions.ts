/**
 * Freeing a port and finding a pid's service, when Portwarden's own managed services may be
 * on that port: they are stopped through their supervisor (so they are not auto-restarted
 * straight back), except a service blocked in bind-loop, which is the victim, not a holder.
 */
import type { PortState } from './contract.ts';
import type { SnapshotReader } from '../model/ports.ts';
import type { ProcessTable, FreePortResult, KillAction } from '../model/processes.ts';
import { freePort as freePortTx } from '../processes/free-port.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import type { ServiceManager } from '../services/service-manager.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import type { ExpectedIdentity } from '../processes/identity.ts';
import { ownersChanged } from '../processes/owner-change.ts';
import { listenersOn, partitionHolders } from './port-probes.ts';
import { stopServiceReporting } from './service-stop-actions.ts';

export interface PortActionContext {
  services: ServiceManager;
  reader: SnapshotReader;
  processes: ProcessTable;
  killDeps: KillDeps;
}

/**
 * The kill transaction on `port`, around the managed services that use it. With `seen` (the
 * owners the caller showed), nothing at all is done when the owners are not those any more.
 */
export async function freeManagedPort(
  port: number,
  graceMs: number | undefined,
  ctx: PortActionContext,
  seen?: readonly ExpectedIdentity[],
  stopContainers = false,
): Promise<FreePortResult> {
  if (seen !== undefined) {
    const started = Date.now();
    const rows = await listenersOn(ctx.reader, port);
    if (await ownersChanged(rows, seen, ctx.processes)) {
      return { port, free: rows.length === 0, elapsedMs: Date.now() - started, actions: [], refused: false, ownerChanged: rows };
    }
  }
  const began = Date.now();
  const blocked = [];
  const stoppedServices: KillAction[] = [];
  for (const runner of ctx.services.all()) {
    const st = runner.currentState();
    if (runner.pid === null || st.port !== port) continue;
    if (st.status === 'bind-loop') blocked.push(runner);
    else stoppedServices.push(...(await stopServiceReporting(runner, port, ctx.killDeps)));
  }
  // Only the holders outside a blocked service's tree are signalled: if its own child got
  // the port meanwhile, it stays.
  let onlyPids: number[] | undefined;
  if (blocked.length > 0) {
    const tree = new TreeResolver(ctx.processes);
    const roots = blocked.flatMap((runner) => (runner.pid === null ? [] : [runner.pid]));
    const inBlocked = async (pid: number): Promise<boolean> => {
      for (const root of roots) if (await tree.inTree(pid, root)) return true;
      return false;
    };
    const { foreign } = await partitionHolders(ctx.reader, port, inBlocked);
    onlyPids = [...new Set(foreign.flatMap((row) => (row.pid === null ? [] : [row.pid])))];
  }
  const result = await freePortTx(
    port,
    { ...(graceMs !== undefined ? { graceMs } : {}), ...(onlyPids ? { onlyPids } : {}), ...(stopContainers ? { stopContainers } : {}) },
    ctx.killDeps,
  );
  // A blocked service looks at its port again now, not at its next scheduled look.
  for (const runner of blocked) runner.recheckBind();
  if (stoppedServices.length === 0) return result;
  // The services stopped first are part of what this free did (and of how long it took).
  return { ...result, elapsedMs: Date.now() - began, actions: [...stoppedServices, ...result.actions] };
}

/** The running service (if any) whose process tree holds `pid`. */
export async function serviceOwning(pid: number, ctx: Pick<PortActionContext, 'services' | 'processes'>): Promise<string | null> {
  const tree = new TreeResolver(ctx.processes);
  for (const state of ctx.services.states()) {
    if (state.pid !== null && (await tree.inTree(pid, state.pid))) return state.id;
  }
  return null;
}

/**
 * A service that exited in bind-loop waits for its port: once the monitor's current view
 * shows nobody outside its tree on it, it is started again (autoRestart) or marked crashed.
 */
export function recoverBindLoops(services: ServiceManager, ports: readonly PortState[]): void {
  for (const runner of services.all()) {
    const st = runner.currentState();
    if (st.status !== 'bind-loop' || st.pid !== null || st.port === null) continue;
    const port = ports.find((p) => p.port === st.port);
    if (port && port.listeners.every((l) => l.managed)) runner.portFreed();
  }
}
