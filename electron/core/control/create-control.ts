/**
 * The control API implementation (contract.ts): one object that owns the monitor, the
 * managed services and the embedded product service. Both transports (Electron IPC in the
 * shell, HTTP in core/server) call it; every method validates its arguments first.
 */
import { dirname } from 'node:path';
import { ConfigError, validateConfig } from '../config/validate-config.ts';
import { saveConfigFile } from '../config/load-config.ts';
import type { PortwardenConfig } from '../model/config.ts';
import { createSnapshotReader } from '../ports/index.ts';
import { createProcessTable } from '../processes/index.ts';
import type { KillAction } from '../model/processes.ts';
import { killProcess as killProcessTx } from '../processes/kill-process.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import { createShellLauncher } from '../services/launcher.ts';
import { inheritedEnv } from '../services/inherited-env.ts';
import { realTimers } from '../model/timers.ts';
import { ServiceManager } from '../services/service-manager.ts';
import { stopProcessGroup } from '../services/stop-group.ts';
import { Monitor } from '../monitor/monitor.ts';
import { TreeResolver } from '../monitor/process-tree.ts';
import { createShellRunner } from '../platform/shell-runner.ts';
import { createNetlinkFingerprint } from '../platform/netlink-fingerprint.ts';
import { createOwnerDetailsReader } from '../processes/owner-details.ts';
import { ControlError } from './contract.ts';
import type { ControlApi, ControlEvent, ControlMethodName, ControlState } from './contract.ts';
import { deriveControlState } from './control-state.ts';
import type { DiagnosticsRunner } from './diagnostics-runner.ts';
import { createDiagnosticsRunner } from './diagnostics-wiring.ts';
import { validateArgs } from './methods.ts';
import { describeHolder, foreignHolders, isPortFree, waitPortFree } from './port-probes.ts';
import { freeManagedPort, recoverBindLoops, serviceOwning } from './port-actions.ts';
import { ProductHost } from './product-host.ts';
import { createServiceActions } from './service-actions.ts';
import type { ControlRuntime, CreateControlOptions } from './runtime-types.ts';

export type { ControlRuntime, CreateControlOptions } from './runtime-types.ts';

export function createControl(options: CreateControlOptions): ControlRuntime {
  let config = validateConfig(options.config);
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const platform = options.platform ?? process.platform;
  const processes = options.processes ?? createProcessTable(platform);
  // ss runs every poll: through one long-lived helper shell rather than a fork of Node each
  // time (see platform/shell-runner.ts and bench:monitor).
  const shellRunner = !options.reader && platform !== 'win32' ? createShellRunner() : null;
  const reader = options.reader ?? createSnapshotReader({ platform, processTable: processes, ...(shellRunner ? { run: shellRunner.run } : {}) });
  // Linux: a netlink fingerprint lets most polls skip the snapshot read altogether.
  const fingerprint = !options.reader && platform === 'linux' && options.fingerprint !== false ? createNetlinkFingerprint() : null;
  const baseDir = options.baseDir ?? (options.configPath ? dirname(options.configPath) : process.cwd());
  // Services (and diagnostics, which judge their environment) never see the API token.
  const env = inheritedEnv(options.env ?? process.env);
  const killDeps: KillDeps = { reader, processes, platform, ...options.killDeps };
  const elevated = options.elevated ?? process.getuid?.() === 0;
  const details = createOwnerDetailsReader(platform);
  const onError = options.onError ?? (() => undefined);
  const listeners = new Set<(event: ControlEvent) => void>();
  let started = false;
  let lastStateJson = '';
  let stateScheduled = false;
  let lastStatuses = '';

  const emit = (event: ControlEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not break the monitor or the other subscribers.
      }
    }
  };

  const buildState = (): ControlState =>
    deriveControlState({
      ports: monitor.ports(),
      services: services.states(),
      critical: diagnostics.criticalChecks(),
      paused: monitor.paused,
      pollIntervalMs: monitor.pollIntervalMs,
      now: now(),
      productService: product.state(),
      elevated,
    });

  /** Emit a `state` event (coalesced) when anything but updatedAt changed. */
  const scheduleState = (): void => {
    if (stateScheduled) return;
    stateScheduled = true;
    setImmediate(() => {
      stateScheduled = false;
      if (listeners.size === 0) return;
      const state = buildState();
      const json = JSON.stringify({ ...state, updatedAt: 0 });
      if (json === lastStateJson) return;
      lastStateJson = json;
      emit({ type: 'state', at: state.updatedAt, state });
    });
  };

  const services = new ServiceManager(config.services, {
    launcher: options.launcher ?? createShellLauncher(platform),
    now,
    timers,
    baseDir,
    env,
    stopGroup: (pgid, o) =>
      stopProcessGroup(pgid, o, {
        platform,
        now,
        killProcess: (pid, ko) => killProcessTx(pid, ko, killDeps),
        isPortFree: (port) => isPortFree(reader, port),
      }),
    describeHolder: (port) => describeHolder(reader, port),
    foreignHolders: (port, rootPid) => {
      const tree = new TreeResolver(processes);
      return foreignHolders(reader, port, (pid) => tree.inTree(pid, rootPid));
    },
    waitPortFree: (port, timeoutMs) => waitPortFree(reader, port, timeoutMs, now),
    emit,
    changed: () => {
      void monitor?.servicesChanged().catch(() => undefined);
      diagnostics?.invalidate();
      scheduleState();
    },
    ...(options.logCapacity !== undefined ? { logCapacity: options.logCapacity } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });

  const monitor: Monitor = new Monitor(config, {
    reader,
    processes,
    now,
    timers,
    platform,
    services: () => services.states(),
    emit,
    changed: () => {
      recoverBindLoops(services, monitor.ports());
      // Diagnostics run again when a port's status changed, not on every health probe.
      const statuses = monitor.ports().map((p) => `${p.port}:${p.status}`).join(',');
      if (statuses !== lastStatuses) diagnostics.invalidate();
      lastStatuses = statuses;
      scheduleState();
    },
    details,
    elevated,
    baseDir,
    onError: (error) => onError(`poll failed: ${(error as Error).message}`),
    ...(fingerprint ? { fingerprint: (ports: readonly number[]) => fingerprint.read(ports) } : {}),
  });

  const productLog = options.log ?? onError;
  const product = new ProductHost(config.productService, baseDir, options.startProductService ?? null, (line) => productLog(`product service: ${line}`));

  const persist = async (next: PortwardenConfig): Promise<void> => {
    if (options.persistConfig) await options.persistConfig(next);
    else if (options.configPath) await saveConfigFile(options.configPath, next);
  };

  const portActions = { services, reader, processes, killDeps };

  const diagnostics: DiagnosticsRunner = createDiagnosticsRunner({
    config: () => config,
    configError: options.configError ?? null,
    configPath: options.configPath ?? null,
    baseDir,
    env,
    platform,
    now,
    elevated,
    reader,
    processes,
    details,
    services,
    isProductService: (pid) => pid === (killDeps.selfPid ?? process.pid) && product.state().running,
    watchedPorts: () => monitor.watchedPorts(),
    timers,
    changed: scheduleState,
  });

  const serviceActions = createServiceActions({ services, reader, processes, killDeps, config: () => config, now, elevated });

  const refreshSoon = (): void => {
    void monitor.pollNow();
  };

  const impl: Omit<ControlApi, 'subscribe'> = {
    async getState() {
      return buildState();
    },
    async listListeners(ports) {
      const snapshot = await reader.read(ports && ports.length > 0 ? { ports, owners: true } : { owners: true });
      return [...snapshot.listeners];
    },
    async freePort(port, opts) {
      const result = await freeManagedPort(port, opts?.graceMs, portActions, opts?.owners);
      refreshSoon();
      return result;
    },
    async killProcess(pid, opts) {
      const owner = await serviceOwning(pid, portActions);
      if (owner !== null && services.get(owner).pid === pid) {
        const before = services.get(owner).snapshot();
        await services.get(owner).stop();
        refreshSoon();
        const action: KillAction = { pid, name: before.command, signal: null, signals: [], result: 'exited', reason: `stopped managed service ${owner} (whole process group)` };
        return action;
      }
      const action = await killProcessTx(
        pid,
        {
          ...(opts?.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
          ...(opts?.command !== undefined || opts?.startTime !== undefined ? { expected: { command: opts.command ?? null, startTime: opts.startTime ?? null } } : {}),
        },
        killDeps,
      );
      refreshSoon();
      return action;
    },
    async startService(id) {
      const result = await serviceActions.startService(id);
      refreshSoon();
      return result;
    },
    async stopService(id) {
      const result = await serviceActions.stopService(id);
      refreshSoon();
      return result;
    },
    async restartService(id) {
      const result = await serviceActions.restartService(id);
      refreshSoon();
      return result;
    },
    async freeAndStart(id) {
      const result = await serviceActions.freeAndStart(id);
      refreshSoon();
      return result;
    },
    async runHealthChecks() {
      return monitor.runHealthChecks();
    },
    async getDiagnostics() {
      return diagnostics.runFresh();
    },
    async getServiceLogs(id, limit) {
      return services.get(id).tail(limit);
    },
    async getProductServiceState() {
      return product.state();
    },
    async startProductService() {
      const state = await product.start();
      scheduleState();
      return state;
    },
    async stopProductService() {
      const state = await product.stop();
      scheduleState();
      return state;
    },
    async getConfig() {
      return structuredClone(config);
    },
    async saveConfig(value) {
      let next: PortwardenConfig;
      try {
        next = validateConfig(value);
      } catch (error) {
        if (error instanceof ConfigError) throw new ControlError('invalid-argument', error.message);
        throw error;
      }
      await persist(next);
      config = next;
      await services.apply(next.services);
      await monitor.applyConfig(next);
      diagnostics.invalidate();
      await product.apply(next.productService).catch((error: unknown) => onError((error as Error).message));
      scheduleState();
      return structuredClone(config);
    },
    async setPaused(paused) {
      await monitor.setPaused(paused);
      return buildState();
    },
  };

  const api = {} as ControlRuntime;
  for (const name of Object.keys(impl) as ControlMethodName[]) {
    const fn = impl[name] as (...args: unknown[]) => Promise<unknown>;
    (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      let checked: unknown[];
      try {
        checked = validateArgs(name, args) as unknown[];
      } catch (error) {
        return Promise.reject(error);
      }
      return fn(...checked);
    };
  }
  api.subscribe = (listener) => {
    if (typeof listener !== 'function') throw new ControlError('invalid-argument', 'listener must be a function');
    listeners.add(listener);
    lastStateJson = ''; // a new subscriber gets the next state change even if nothing moved
    return () => {
      listeners.delete(listener);
    };
  };
  api.monitorStats = () => ({
    polls: monitor.polls,
    skippedReads: monitor.skippedReads,
    lastPollMs: monitor.lastPollMs,
    maxPollMs: monitor.maxPollMs,
    lastError: monitor.lastError,
    helperPids: [shellRunner?.pid() ?? null, fingerprint?.pid() ?? null].filter((p): p is number => p !== null),
  });
  api.start = async () => {
    if (started) return;
    started = true;
    await monitor.start();
    // Before any autoStart service: the first diagnostics make test binds.
    await diagnostics.start();
    for (const service of config.services) {
      if (!service.autoStart) continue;
      await services
        .get(service.id)
        .start()
        .catch((error: unknown) => onError(`service ${service.id}: ${(error as Error).message}`));
    }
    if (config.productService.enabled) {
      await product.start().catch((error: unknown) => onError((error as Error).message));
    }
    scheduleState();
  };
  api.stop = async (stopOptions) => {
    started = false;
    diagnostics.stop();
    await monitor.stop();
    if (stopOptions?.stopServices !== false) {
      await services.stopAll();
      await product.stop().catch(() => undefined);
    }
    shellRunner?.close();
    fingerprint?.close();
  };
  return api;
}
