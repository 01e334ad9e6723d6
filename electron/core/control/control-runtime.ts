/**
 * Building the control's runtime: the OS readers, the managed services, the monitor, the
 * diagnostics, the embedded product service and the event stream, each made once in an order
 * where every part exists before anything refers to it. What one part does when another
 * changes (a service exits: poll again; a port changes: diagnostics are stale) is wired in
 * one place, `react` below, after all of them exist. The API object over these parts is made
 * in control-api.ts; create-control.ts joins the two.
 */
import { dirname } from 'node:path';
import { validateConfig } from '../config/validate-config.ts';
import type { CheckedConfig } from '../model/config.ts';
import { createSnapshotReader } from '../ports/index.ts';
import { createProcessTable } from '../processes/index.ts';
import type { ProcessTable } from '../model/processes.ts';
import type { SnapshotReader } from '../model/ports.ts';
import { killProcess } from '../processes/kill-process.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import { createShellLauncher } from '../services/launcher.ts';
import { inheritedEnv } from '../services/inherited-env.ts';
import { realTimers } from '../model/timers.ts';
import type { Timers } from '../model/timers.ts';
import { ServiceManager } from '../services/service-manager.ts';
import { stopProcessGroup } from '../services/stop-group.ts';
import { Monitor } from '../monitor/monitor.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import { createShellRunner } from '../platform/shell-runner.ts';
import { createNetlinkFingerprint } from '../platform/netlink-fingerprint.ts';
import { createOwnerDetailsReader } from '../processes/owner-details.ts';
import type { OwnerDetailsReader } from '../processes/owner-details.ts';
import { deriveControlState } from './control-state.ts';
import type { ControlState } from './contract.ts';
import type { DiagnosticsRunner } from './diagnostics-runner.ts';
import { createDiagnosticsRunner } from './diagnostics-wiring.ts';
import { describeHolder, foreignHolders, isPortFree, waitPortFree } from './port-probes.ts';
import { recoverBindLoops } from './port-actions.ts';
import { ProductHost } from './product-host.ts';
import { StateEvents } from './state-events.ts';
import type { CreateControlOptions } from './runtime-types.ts';
import { messageOf } from '../model/errors.ts';

/** What the runtime is made of; the API (control-api.ts) and the lifecycle work on these. */
export interface RuntimeParts {
  /** The validated config in force; saveConfig replaces it (runtime-lifecycle.ts applyConfig). */
  readonly config: { current: CheckedConfig };
  readonly options: CreateControlOptions;
  readonly now: () => number;
  readonly platform: NodeJS.Platform;
  readonly elevated: boolean;
  readonly onError: (message: string) => void;
  readonly reader: SnapshotReader;
  readonly processes: ProcessTable;
  readonly killDeps: KillDeps;
  readonly services: ServiceManager;
  readonly monitor: Monitor;
  readonly diagnostics: DiagnosticsRunner;
  readonly product: ProductHost;
  readonly events: StateEvents;
  /** Long-lived helper processes (the ss shell, the netlink reader), closed on stop. */
  readonly helpers: readonly { pid(): number | null; close(): void }[];
}

/** The OS-facing parts every other part is built on. */
interface Base {
  config: CheckedConfig;
  now: () => number;
  timers: Timers;
  platform: NodeJS.Platform;
  processes: ProcessTable;
  reader: SnapshotReader;
  helpers: { pid(): number | null; close(): void }[];
  fingerprint: ((ports: readonly number[]) => Promise<string | null>) | null;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  killDeps: KillDeps;
  elevated: boolean;
  details: OwnerDetailsReader;
  onError: (message: string) => void;
}

function buildBase(options: CreateControlOptions): Base {
  const platform = options.platform ?? process.platform;
  const processes = options.processes ?? createProcessTable(platform);
  // ss runs every poll: through one long-lived helper shell rather than a fork of Node each
  // time (see platform/shell-runner.ts and bench:monitor).
  const shellRunner = !options.reader && platform !== 'win32' ? createShellRunner() : null;
  const reader =
    options.reader ?? createSnapshotReader({ platform, processTable: processes, ...(shellRunner ? { run: shellRunner.run } : {}) });
  // Linux: a netlink fingerprint lets most polls skip the snapshot read altogether.
  const fingerprint = !options.reader && platform === 'linux' && options.fingerprint !== false ? createNetlinkFingerprint() : null;
  return {
    config: validateConfig(options.config),
    now: options.now ?? Date.now,
    timers: options.timers ?? realTimers,
    platform,
    processes,
    reader,
    helpers: [shellRunner, fingerprint].filter((h) => h !== null),
    fingerprint: fingerprint ? (ports) => fingerprint.read(ports) : null,
    baseDir: options.baseDir ?? (options.configPath ? dirname(options.configPath) : process.cwd()),
    // Services (and diagnostics, which judge their environment) never see the API token.
    env: inheritedEnv(options.env ?? process.env),
    killDeps: { reader, processes, platform, ...options.killDeps },
    elevated: options.elevated ?? process.getuid?.() === 0,
    details: createOwnerDetailsReader(platform),
    onError: options.onError ?? (() => undefined),
  };
}

/** The parts' reactions to each other, bound by `react` once every part exists. */
interface Reactions {
  servicesChanged(): void;
  portsChanged(): void;
}

function buildServices(b: Base, options: CreateControlOptions, events: StateEvents, on: Reactions): ServiceManager {
  const { reader, processes, platform, now, killDeps } = b;
  return new ServiceManager(b.config.services, {
    launcher: options.launcher ?? createShellLauncher(platform),
    now,
    timers: b.timers,
    baseDir: b.baseDir,
    env: b.env,
    stopGroup: (pgid, o) =>
      stopProcessGroup(pgid, o, {
        platform,
        now,
        killProcess: (pid, ko) => killProcess(pid, ko, killDeps),
        isPortFree: (port) => isPortFree(reader, port),
      }),
    describeHolder: (port) => describeHolder(reader, port),
    foreignHolders: (port, rootPid) => {
      const tree = new TreeResolver(processes);
      return foreignHolders(reader, port, (pid) => tree.inTree(pid, rootPid));
    },
    waitPortFree: (port, timeoutMs) => waitPortFree(reader, port, timeoutMs, now),
    emit: (event) => events.emit(event),
    changed: () => on.servicesChanged(),
    ...(options.logCapacity !== undefined ? { logCapacity: options.logCapacity } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
}

function buildMonitor(b: Base, services: ServiceManager, events: StateEvents, on: Reactions): Monitor {
  return new Monitor(b.config, {
    reader: b.reader,
    processes: b.processes,
    now: b.now,
    timers: b.timers,
    platform: b.platform,
    services: () => services.states(),
    emit: (event) => events.emit(event),
    changed: () => on.portsChanged(),
    details: b.details,
    elevated: b.elevated,
    baseDir: b.baseDir,
    onError: (error) => b.onError(`poll failed: ${messageOf(error)}`),
    ...(b.fingerprint ? { fingerprint: b.fingerprint } : {}),
  });
}

export function buildRuntime(options: CreateControlOptions): RuntimeParts {
  const b = buildBase(options);
  const on: Reactions = { servicesChanged: () => undefined, portsChanged: () => undefined };
  const events = new StateEvents();
  const services = buildServices(b, options, events, on);
  const monitor = buildMonitor(b, services, events, on);
  const productLog = options.log ?? b.onError;
  const product = new ProductHost(b.config.productService, b.baseDir, options.startProductService ?? null, (line) =>
    productLog(`product service: ${line}`),
  );
  const config = { current: b.config };
  const diagnostics = createDiagnosticsRunner({
    config: () => config.current,
    configError: options.configError ?? null,
    configPath: options.configPath ?? null,
    baseDir: b.baseDir,
    env: b.env,
    platform: b.platform,
    now: b.now,
    elevated: b.elevated,
    reader: b.reader,
    processes: b.processes,
    details: b.details,
    services,
    isProductService: (pid) => pid === (b.killDeps.selfPid ?? process.pid) && product.state().running,
    watchedPorts: () => monitor.watchedPorts(),
    timers: b.timers,
    changed: () => events.schedule(),
  });
  const parts: RuntimeParts = {
    config,
    options,
    now: b.now,
    platform: b.platform,
    elevated: b.elevated,
    onError: b.onError,
    reader: b.reader,
    processes: b.processes,
    killDeps: b.killDeps,
    services,
    monitor,
    product,
    events,
    helpers: b.helpers,
    diagnostics,
  };
  events.bind(() => controlState(parts));
  react(parts, on);
  return parts;
}

/** What happens in one part when another changes. */
function react(parts: RuntimeParts, on: Reactions): void {
  const { services, monitor, diagnostics, events } = parts;
  let lastStatuses = '';
  on.servicesChanged = () => {
    void monitor.servicesChanged().catch(() => undefined);
    diagnostics.invalidate();
    events.schedule();
  };
  on.portsChanged = () => {
    recoverBindLoops(services, monitor.ports());
    // Diagnostics run again when a port's status changed, not on every health probe.
    const statuses = monitor
      .ports()
      .map((p) => `${p.port}:${p.status}`)
      .join(',');
    if (statuses !== lastStatuses) diagnostics.invalidate();
    lastStatuses = statuses;
    events.schedule();
  };
}

export function controlState(parts: RuntimeParts): ControlState {
  const { monitor } = parts;
  return deriveControlState({
    ports: monitor.ports(),
    services: parts.services.states(),
    critical: parts.diagnostics.criticalChecks(),
    paused: monitor.paused,
    pollIntervalMs: monitor.pollIntervalMs,
    now: parts.now(),
    observedAt: monitor.observedAt,
    productService: parts.product.state(),
    elevated: parts.elevated,
  });
}
