/**
 * The kill transaction's way through Docker: a port held by docker-proxy is freed by stopping
 * the container behind it (`POST /containers/{id}/stop`, what `docker stop` does), never by
 * killing the proxy. Each container is stopped once, however many proxies and families
 * publish it; the result per proxy is settled by the transaction's final look at the port.
 */
import { describeBehind } from '../vocabulary/forwarders.ts';
import type { ResolvedKillDeps } from './kill-deps.ts';
import type { ContainerTarget } from './port-targets.ts';
import type { KillAction } from '../model/processes.ts';
import { messageOf } from '../model/errors.ts';

export async function stopContainers(targets: readonly ContainerTarget[], graceMs: number, d: ResolvedKillDeps): Promise<KillAction[]> {
  const done = new Map<string, string>();
  const actions: KillAction[] = [];
  for (const t of targets) {
    const what = describeBehind(t.container);
    let reason = done.get(t.container.id);
    if (reason === undefined) {
      if (d.docker === null)
        reason = `could not stop ${what}: no local Docker socket to ask — run: docker stop ${t.container.name ?? t.container.id}`;
      else {
        try {
          const outcome = await d.docker.stopContainer(t.container.id, Math.ceil(graceMs / 1000));
          reason =
            outcome === 'stopped'
              ? `stopped ${what} through the Docker API`
              : outcome === 'already-stopped'
                ? `${what} was already stopped`
                : `${what} no longer exists`;
        } catch (error) {
          reason = `could not stop ${what}: ${messageOf(error)}`;
        }
      }
      done.set(t.container.id, reason);
    }
    actions.push({ pid: t.pid, name: t.name, signal: null, signals: [], result: 'still-running', via: 'docker', reason });
  }
  return actions;
}

/** After the final look: a proxy that no longer holds the port went with its container. */
export function settleContainerActions(actions: readonly KillAction[], finalHolders: ReadonlySet<number>): void {
  for (const a of actions) if (a.pid !== null) a.result = finalHolders.has(a.pid) ? 'still-running' : 'exited';
}
