/**
 * Start, stop, restart and free & start, each answering with the state it really left:
 * after launching, the answer waits (bounded by the service's `startTimeoutMs`) until the
 * service's own process tree listens on its port — or, for a service without a port, until
 * it stayed up for SETTLE_MS — or it exited (exit code, last log lines), or found its port
 * held (the holder named). A request sent right after a `listening` answer is served.
 */
import type { CheckedConfig } from '../model/config.ts';
import { SERVICE_DEFAULTS } from '../config/defaults.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import type { ListenerRecord, SnapshotReader } from '../model/ports.ts';
import { freePort as freePortTx } from '../processes/free-port.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import type { FreePortResult, ProcessTable } from '../model/processes.ts';
import type { ServiceManager } from '../services/service-manager.ts';
import type { ServiceRunner } from '../services/service-runner.ts';
import { serviceActionMessage } from '../vocabulary/services.ts';
import type { SeenOwner, ServiceAction, ServiceActionResult, ServiceOutcome, ServiceState } from './contract.ts';
import { listenersOn, partitionHolders } from './port-probes.ts';
import { ownersChanged } from '../processes/owner-change.ts';

/** A service without a port counts as up once it has run this long. */
export const SETTLE_MS = 1000;
/** How often the port is looked at while waiting. */
const LOOK_EVERY_MS = 50;
/** Log lines carried in a result. */
const TAIL_LINES = 10;

export interface ServiceActionContext {
  services: ServiceManager;
  reader: SnapshotReader;
  processes: ProcessTable;
  killDeps: KillDeps;
  config: () => CheckedConfig;
  now: () => number;
  elevated: boolean;
}

type Waited = Omit<ServiceActionResult, 'action' | 'ok' | 'message' | 'freed'>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The run ended: the leader exited after `since` and the supervisor has settled what it means. */
function ended(st: ServiceState, since: number): boolean {
  return st.pid === null && st.status !== 'stopping' && st.status !== 'starting' && st.lastExit !== null && st.lastExit.at >= since;
}

/** Wait for the outcome of the run that started at `since`. */
async function awaitOutcome(runner: ServiceRunner, timeoutMs: number, ctx: ServiceActionContext): Promise<Waited> {
  const began = ctx.now();
  const first = runner.currentState();
  const since = first.startedAt ?? began;
  const port = first.port;
  const result = async (outcome: ServiceOutcome, st: ServiceState, own: ListenerRecord[] = []): Promise<Waited> => {
    const failed = outcome !== 'listening' && outcome !== 'running';
    const holders =
      port !== null && outcome !== 'running'
        ? (
            await partitionHolders(
              ctx.reader,
              port,
              async (pid) => st.pid !== null && new TreeResolver(ctx.processes).inTree(pid, st.pid),
            ).catch(() => ({ foreign: [] }))
          ).foreign
        : [];
    return {
      outcome,
      service: st,
      waitedMs: ctx.now() - began,
      exit: outcome === 'exited' && st.lastExit ? { code: st.lastExit.code, signal: st.lastExit.signal } : null,
      logTail: failed ? runner.tail(TAIL_LINES).filter((l) => l.at >= since) : [],
      holders,
      ...(outcome === 'listening' ? { listeners: own } : {}),
    };
  };
  for (;;) {
    const st = runner.currentState();
    if (ended(st, since)) return result(st.status === 'bind-loop' ? 'blocked' : 'exited', st);
    if (st.status === 'bind-loop' && st.pid !== null) return result('blocked', st);
    if (st.pid !== null && st.status === 'running') {
      if (port === null) {
        if (ctx.now() - since >= SETTLE_MS) return result('running', st);
      } else {
        const tree = new TreeResolver(ctx.processes);
        const root = st.pid;
        const { own } = await partitionHolders(ctx.reader, port, (pid) => tree.inTree(pid, root)).catch(() => ({ own: [] }));
        if (own.length > 0) return result('listening', st, own);
      }
    }
    if (ctx.now() - began >= timeoutMs) return result('timeout', st);
    await sleep(LOOK_EVERY_MS);
  }
}

function finish(action: ServiceAction, waited: Waited, freed: FreePortResult | null, ctx: ServiceActionContext): ServiceActionResult {
  const ok = action === 'stop' ? waited.outcome === 'stopped' : waited.outcome === 'listening' || waited.outcome === 'running';
  const partial = { action, ...waited, freed };
  return { ...partial, ok, message: serviceActionMessage(partial, { elevated: ctx.elevated }) };
}

function timeoutOf(id: string, ctx: ServiceActionContext): number {
  return ctx.config().services.find((s) => s.id === id)?.startTimeoutMs ?? SERVICE_DEFAULTS.startTimeoutMs;
}

/** Thrown inside stopThenStart when the port could not be freed: nothing is started. */
class NotFreed extends Error {}

export function createServiceActions(ctx: ServiceActionContext) {
  const launched = async (action: ServiceAction, id: string, run: (r: ServiceRunner) => Promise<unknown>): Promise<ServiceActionResult> => {
    const runner = ctx.services.get(id);
    await run(runner);
    return finish(action, await awaitOutcome(runner, timeoutOf(id, ctx), ctx), null, ctx);
  };
  return {
    startService: (id: string) => launched('start', id, (r) => r.start()),
    restartService: (id: string) => launched('restart', id, (r) => r.restart()),
    async stopService(id: string): Promise<ServiceActionResult> {
      const runner = ctx.services.get(id);
      const started = ctx.now();
      const st = await runner.stop();
      return finish(
        'stop',
        { outcome: 'stopped', service: st, waitedMs: ctx.now() - started, exit: null, logTail: [], holders: [] },
        null,
        ctx,
      );
    },
    async freeAndStart(id: string, seen?: readonly SeenOwner[]): Promise<ServiceActionResult> {
      const runner = ctx.services.get(id);
      const port = runner.currentState().port;
      // The service's own grace (its default when unset), as its Stop uses: trial S5.
      const graceMs = ctx.config().services.find((s) => s.id === id)?.graceMs ?? SERVICE_DEFAULTS.graceMs;
      let freed: FreePortResult | null = null;
      const began = ctx.now();
      if (seen !== undefined && port !== null) {
        // The holders the user confirmed: if others hold the port now, nothing is stopped or started.
        const rows = await listenersOn(ctx.reader, port);
        const foreign =
          runner.pid === null
            ? rows
            : (await partitionHolders(ctx.reader, port, (pid) => new TreeResolver(ctx.processes).inTree(pid, runner.pid!))).foreign;
        if (await ownersChanged(foreign, seen, ctx.processes)) {
          const changed: FreePortResult = {
            port,
            free: rows.length === 0,
            elapsedMs: ctx.now() - began,
            actions: [],
            refused: false,
            ownerChanged: foreign,
          };
          return finish(
            'free-and-start',
            { outcome: 'blocked', service: runner.currentState(), waitedMs: ctx.now() - began, exit: null, logTail: [], holders: foreign },
            changed,
            ctx,
          );
        }
      }
      try {
        await runner.stopThenStart(async () => {
          if (port === null) return;
          freed = await freePortTx(port, { graceMs }, ctx.killDeps);
          if (!freed.free) throw new NotFreed();
        });
      } catch (error) {
        if (!(error instanceof NotFreed)) throw error;
        const f = freed as FreePortResult | null;
        const still = (await ctx.reader.read({ ports: [port!], owners: true })).listeners.filter((l) => l.port === port);
        return finish(
          'free-and-start',
          { outcome: 'blocked', service: runner.currentState(), waitedMs: ctx.now() - began, exit: null, logTail: [], holders: still },
          f,
          ctx,
        );
      }
      return finish('free-and-start', await awaitOutcome(runner, timeoutOf(id, ctx), ctx), freed, ctx);
    },
  };
}
