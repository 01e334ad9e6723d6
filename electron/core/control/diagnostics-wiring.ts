/**
 * The diagnostics as the control runs them: health/diagnostics.ts fed with this runtime's
 * config, snapshot reader, services and owner details, in a DiagnosticsRunner that keeps the
 * critical checks for the overall level.
 */
import type { CheckedConfig } from '../model/config.ts';
import { runDiagnostics } from '../health/diagnostics.ts';
import { ownerMismatches } from '../monitor/owner-match.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import type { SnapshotReader } from '../model/ports.ts';
import type { OwnerDetailsReader } from '../processes/owner-details.ts';
import type { ProcessTable } from '../model/processes.ts';
import type { ServiceManager } from '../services/service-manager.ts';
import type { Timers } from '../model/timers.ts';
import type { DiagnosticCheck } from './contract.ts';
import { DiagnosticsRunner } from './diagnostics-runner.ts';

export interface DiagnosticsContext {
  config: () => CheckedConfig;
  configError: string | null;
  configPath: string | null;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  now: () => number;
  elevated: boolean;
  reader: SnapshotReader;
  processes: ProcessTable;
  details: OwnerDetailsReader;
  services: ServiceManager;
  /** The embedded product service listens from this very process. */
  isProductService: (pid: number) => boolean;
  watchedPorts: () => number[];
  timers: Timers;
  changed: () => void;
}

/** A watched port held by someone: the monitor judges it live (a conflict), so it does not count twice. */
function judgedLive(check: DiagnosticCheck, watched: readonly number[]): boolean {
  const listeners = check.details?.listeners;
  return (
    check.name.startsWith('port:') && Array.isArray(listeners) && listeners.length > 0 && watched.includes(Number(check.details?.port))
  );
}

export function createDiagnosticsRunner(ctx: DiagnosticsContext): DiagnosticsRunner {
  const { services } = ctx;
  return new DiagnosticsRunner(
    (active) =>
      runDiagnostics({
        testBind: active,
        config: ctx.config(),
        configError: ctx.configError,
        configPath: ctx.configPath,
        baseDir: ctx.baseDir,
        env: ctx.env,
        platform: ctx.platform,
        now: ctx.now,
        elevated: ctx.elevated,
        readListeners: async (ports) => (await ctx.reader.read({ ports, owners: true })).listeners,
        serviceStatus: (serviceId) => (services.has(serviceId) ? services.get(serviceId).currentState() : null),
        isManaged: async (serviceId, pid) => {
          const root = services.has(serviceId) ? services.get(serviceId).pid : null;
          return root !== null && new TreeResolver(ctx.processes).inTree(pid, root);
        },
        isExpectedOwner: async (owner, l) => {
          const d = l.pid === null ? null : await ctx.details(l.pid).catch(() => null);
          return ownerMismatches(owner, { command: l.command, user: l.user, cwd: d?.cwd ?? null, unit: d?.unit ?? null }).length === 0;
        },
        isProductService: ctx.isProductService,
      }),
    ctx.timers,
    ctx.changed,
    (check) => !judgedLive(check, ctx.watchedPorts()),
  );
}
