/**
 * The control API object (contract.ts) over a built runtime (control-runtime.ts): what each
 * method does, and — around every method — the argument check from the contract table
 * (methods.ts), so IPC, HTTP and in-process callers are checked alike. Actions that change
 * the OS ask the monitor for a fresh poll so the next state shows what they left.
 */
import { ConfigError, validateConfig } from '../config/validate-config.ts';
import type { CheckedConfig } from '../model/config.ts';
import { killProcess } from '../processes/kill-process.ts';
import { ControlError } from './contract.ts';
import type { ControlApi, ControlMethodName } from './contract.ts';
import { controlState } from './control-runtime.ts';
import type { RuntimeParts } from './control-runtime.ts';
import { validateArgs } from './methods.ts';
import { freeManagedPort, serviceOwning } from './port-actions.ts';
import { stopServiceReporting } from './service-stop-actions.ts';
import { applyConfig, persistConfig } from './runtime-lifecycle.ts';
import { createArgvReader } from '../listeners/argv.ts';
import { createListenerFeed } from '../listeners/feed.ts';
import { detectProject, watchListener } from './listener-actions.ts';
import { selfUserName } from './self-user.ts';
import { createServiceActions } from './service-actions.ts';

type Methods = Omit<ControlApi, 'subscribe'>;

/** The methods, unchecked. */
function methods(parts: RuntimeParts): Methods {
  const { services, monitor, diagnostics, product, reader, processes, killDeps, events, config } = parts;
  const portActions = { services, reader, processes, killDeps };
  const serviceActions = createServiceActions({
    services,
    reader,
    processes,
    killDeps,
    config: () => config.current,
    now: parts.now,
    elevated: parts.elevated,
  });
  /** Run an action, then poll at once (not awaited: the answer is the action's own result). */
  const thenPoll = async <T>(action: () => Promise<T>): Promise<T> => {
    const result = await action();
    void monitor.pollNow();
    return result;
  };
  // The All listeners view: the monitor's snapshot of every listener while someone asks
  // (a lease of three polls, at least 5 s), so a closed view costs nothing.
  const listenerFeed = createListenerFeed({
    snapshot: (leaseMs) => monitor.allListeners(leaseMs),
    watchedPorts: () => monitor.watchedPorts(),
    self: selfUserName(),
    argv: createArgvReader(parts.platform),
    leaseMs: () => Math.max(5000, 3 * monitor.pollIntervalMs),
  });
  const api: Methods = {
    getState: async () => controlState(parts),
    async listListeners(ports) {
      const snapshot = await reader.read(ports && ports.length > 0 ? { ports, owners: true } : { owners: true });
      return [...snapshot.listeners];
    },
    getAllListeners: () => listenerFeed.read(),
    watchPort: (port, opts) => watchListener(port, opts, { reader, config: () => config.current, save: (next) => api.saveConfig(next) }),
    detectProject: (dir) => detectProject(dir),
    freePort: (port, opts) =>
      thenPoll(() => freeManagedPort(port, opts?.graceMs, portActions, opts?.owners, opts?.stopContainers === true)),
    async killProcess(pid, opts) {
      const owner = await serviceOwning(pid, portActions);
      if (owner !== null && services.get(owner).pid === pid) {
        // Stopped through the supervisor (whole group, left stopped); the answer says what was sent.
        const [action] = await thenPoll(() => stopServiceReporting(services.get(owner), null, killDeps));
        return action ?? { pid, name: null, signal: null, signals: [], result: 'not-found', service: owner };
      }
      const expected =
        opts?.command !== undefined || opts?.startTime !== undefined
          ? { expected: { command: opts.command ?? null, startTime: opts.startTime ?? null } }
          : {};
      return thenPoll(() => killProcess(pid, { ...(opts?.graceMs !== undefined ? { graceMs: opts.graceMs } : {}), ...expected }, killDeps));
    },
    startService: (id) => thenPoll(() => serviceActions.startService(id)),
    stopService: (id) => thenPoll(() => serviceActions.stopService(id)),
    restartService: (id) => thenPoll(() => serviceActions.restartService(id)),
    freeAndStart: (id, opts) => thenPoll(() => serviceActions.freeAndStart(id, opts?.owners)),
    runHealthChecks: () => monitor.runHealthChecks(),
    getDiagnostics: () => diagnostics.runFresh(),
    getServiceLogs: async (id, limit) => services.get(id).tail(limit),
    getProductServiceState: async () => product.state(),
    async startProductService() {
      const state = await product.start();
      events.schedule();
      return state;
    },
    async stopProductService() {
      const state = await product.stop();
      events.schedule();
      return state;
    },
    getConfig: async () => structuredClone(config.current),
    async saveConfig(value) {
      let next: CheckedConfig;
      try {
        next = validateConfig(value);
      } catch (error) {
        if (error instanceof ConfigError) throw new ControlError('invalid-argument', error.message, { cause: error });
        throw error;
      }
      await persistConfig(parts, next);
      await applyConfig(parts, next);
      return structuredClone(config.current);
    },
    async setPaused(paused) {
      await monitor.setPaused(paused);
      return controlState(parts);
    },
  };
  return api;
}

/** The API: every method checks its arguments against the contract table first. */
export function buildApi(parts: RuntimeParts): ControlApi {
  const impl = methods(parts);
  const api = {} as ControlApi;
  for (const name of Object.keys(impl) as ControlMethodName[]) {
    const fn = impl[name] as (...args: unknown[]) => Promise<unknown>;
    (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      try {
        return fn(...(validateArgs(name, args) as unknown[]));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  api.subscribe = (listener) => {
    if (typeof listener !== 'function') throw new ControlError('invalid-argument', 'listener must be a function');
    return parts.events.subscribe(listener);
  };
  return api;
}
