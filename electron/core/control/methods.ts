/**
 * THE control table: one row per ControlApi method (contract.ts) giving its argument parser,
 * its HTTP verb and path, where each argument travels in a request, and its result type.
 * Everything a transport needs is generated from it: argument validation (validateArgs
 * below), the HTTP routes (core/server/control-routes.ts), the dashboard's HTTP client
 * (renderer/src/lib/http-api.ts), the IPC channels and handlers (electron/shell/ipc-*.ts)
 * and the preload's named methods (electron/shell/preload-api.ts).
 *
 * Adding a method: declare it in ControlApi, add its row here (the compiler insists), and
 * implement it in create-control.ts. The HTTP paths are public (README, "HTTP API").
 */
import { ControlError } from '../model/errors.ts';
import type { PortwardenConfig, WatchedPortConfig } from '../model/config.ts';
import type { InitProposal } from '../init/types.ts';
import type { AllListeners } from '../model/listeners.ts';
import type { Diagnostics } from '../model/health.ts';
import type { ListenerRecord } from '../model/ports.ts';
import type { FreePortResult, KillAction } from '../model/processes.ts';
import type { ProductServiceState } from '../model/product.ts';
import type { LogLine, ServiceActionResult } from '../model/services.ts';
import type { ControlState, PortState } from '../model/state.ts';
import type { ControlMethodName } from './contract.ts';
import { returns } from './method-spec.ts';
import type { ArgsOf, ControlTable, ControlTableShape, HttpArg, MethodSpec } from './method-spec.ts';
import {
  noArgs,
  parseConfigObject,
  parseFreeAndStartOptions,
  parseFreeOptions,
  parseKillOptions,
  parseLimit,
  parsePaused,
  parsePid,
  parsePort,
  parsePortList,
  parseProjectDir,
  parseServiceId,
  parseWatchOptions,
} from './validate.ts';

const serviceId: HttpArg = { in: 'path', name: 'id' };
const byServiceId = (a: readonly unknown[]): [string] => [parseServiceId(a[0])];
const productState = returns<ProductServiceState>();
const actionResult = returns<ServiceActionResult>();

export const CONTROL_TABLE = {
  getState: { parse: noArgs('getState'), http: { verb: 'GET', path: '/api/state', args: [] }, result: returns<ControlState>() },
  listListeners: {
    parse: (a) => [parsePortList(a[0])],
    http: { verb: 'GET', path: '/api/listeners', args: [{ in: 'query', name: 'ports', list: true }] },
    result: returns<ListenerRecord[]>(),
  },
  getAllListeners: {
    parse: noArgs('getAllListeners'),
    http: { verb: 'GET', path: '/api/listeners/all', args: [] },
    result: returns<AllListeners>(),
  },
  watchPort: {
    parse: (a) => [parsePort(a[0]), parseWatchOptions(a[1])],
    http: {
      verb: 'POST',
      path: '/api/ports/:port/watch',
      args: [
        { in: 'path', name: 'port' },
        { in: 'body-fields', names: ['pid', 'command', 'name'] },
      ],
    },
    result: returns<WatchedPortConfig>(),
  },
  detectProject: {
    parse: (a) => [parseProjectDir(a[0])],
    http: { verb: 'POST', path: '/api/init/detect', args: [{ in: 'body', name: 'dir' }] },
    result: returns<InitProposal>(),
  },
  freePort: {
    parse: (a) => [parsePort(a[0]), parseFreeOptions(a[1])],
    http: {
      verb: 'POST',
      path: '/api/ports/:port/free',
      args: [
        { in: 'path', name: 'port' },
        { in: 'body-fields', names: ['graceMs', 'owners', 'stopContainers'] },
      ],
    },
    result: returns<FreePortResult>(),
  },
  killProcess: {
    parse: (a) => [parsePid(a[0]), parseKillOptions(a[1])],
    http: {
      verb: 'POST',
      path: '/api/processes/:pid/kill',
      args: [
        { in: 'path', name: 'pid' },
        { in: 'body-fields', names: ['graceMs', 'command', 'startTime'] },
      ],
    },
    result: returns<KillAction>(),
  },
  startService: { parse: byServiceId, http: { verb: 'POST', path: '/api/services/:id/start', args: [serviceId] }, result: actionResult },
  stopService: { parse: byServiceId, http: { verb: 'POST', path: '/api/services/:id/stop', args: [serviceId] }, result: actionResult },
  restartService: {
    parse: byServiceId,
    http: { verb: 'POST', path: '/api/services/:id/restart', args: [serviceId] },
    result: actionResult,
  },
  freeAndStart: {
    parse: (a) => [parseServiceId(a[0]), parseFreeAndStartOptions(a[1])],
    http: { verb: 'POST', path: '/api/services/:id/free-and-start', args: [serviceId, { in: 'body-fields', names: ['owners'] }] },
    result: actionResult,
  },
  runHealthChecks: {
    parse: noArgs('runHealthChecks'),
    http: { verb: 'POST', path: '/api/health/run', args: [] },
    result: returns<PortState[]>(),
  },
  getDiagnostics: {
    parse: noArgs('getDiagnostics'),
    http: { verb: 'GET', path: '/api/diagnostics', args: [] },
    result: returns<Diagnostics>(),
  },
  getServiceLogs: {
    parse: (a) => [parseServiceId(a[0]), parseLimit(a[1])],
    http: { verb: 'GET', path: '/api/services/:id/logs', args: [serviceId, { in: 'query', name: 'limit' }] },
    result: returns<LogLine[]>(),
  },
  getProductServiceState: {
    parse: noArgs('getProductServiceState'),
    http: { verb: 'GET', path: '/api/product-service', args: [] },
    result: productState,
  },
  startProductService: {
    parse: noArgs('startProductService'),
    http: { verb: 'POST', path: '/api/product-service/start', args: [] },
    result: productState,
  },
  stopProductService: {
    parse: noArgs('stopProductService'),
    http: { verb: 'POST', path: '/api/product-service/stop', args: [] },
    result: productState,
  },
  getConfig: { parse: noArgs('getConfig'), http: { verb: 'GET', path: '/api/config', args: [] }, result: returns<PortwardenConfig>() },
  saveConfig: {
    parse: (a) => [parseConfigObject<PortwardenConfig>(a[0])],
    http: { verb: 'PUT', path: '/api/config', args: [{ in: 'whole-body' }] },
    result: returns<PortwardenConfig>(),
  },
  setPaused: {
    parse: (a) => [parsePaused(a[0])],
    http: { verb: 'POST', path: '/api/pause', args: [{ in: 'body', name: 'paused' }] },
    result: returns<ControlState>(),
  },
} as const satisfies ControlTableShape;

/** Every method name, in table order (IPC channels, the preload, error wrapping loop over it). */
export const CONTROL_METHODS = Object.freeze(Object.keys(CONTROL_TABLE)) as readonly ControlMethodName[];

/** The names of a table's methods (an extended table in tests, else CONTROL_METHODS). */
export function methodsOf(table: ControlTable): readonly string[] {
  return Object.keys(table);
}

/**
 * Check and normalise raw arguments with a method's parser. Throws
 * ControlError('invalid-argument'). Trailing undefined arguments are dropped, so the method
 * sees the same arity as a direct call would.
 */
export function parseArgs(spec: MethodSpec<readonly unknown[], unknown>, args: unknown): unknown[] {
  if (!Array.isArray(args)) throw new ControlError('invalid-argument', 'arguments must be an array');
  const result = [...spec.parse(args)];
  while (result.length > 0 && result[result.length - 1] === undefined) result.pop();
  return result;
}

/** parseArgs for a method of the control table, typed by its signature. */
export function validateArgs<M extends ControlMethodName>(method: M, args: unknown): ArgsOf<M> {
  const spec: MethodSpec<readonly unknown[], unknown> | undefined = (CONTROL_TABLE as ControlTable)[method];
  if (!spec) throw new ControlError('invalid-argument', `unknown control method ${JSON.stringify(method)}`);
  return parseArgs(spec, args) as ArgsOf<M>;
}
