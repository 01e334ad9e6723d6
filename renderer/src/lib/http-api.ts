/**
 * The control API over HTTP (`portwarden serve`): one fetch per method, routes as agreed
 * in INTERFACES.md, the token sent as `Authorization: Bearer`.
 */
import type { ControlApi, ControlEvent, ControlState, Diagnostics, LogLine, PortState, ProductServiceState, ServiceActionResult, PortwardenConfig, ListenerRecord, FreePortResult, KillAction } from '../../../electron/core/control/contract.ts';
import { ApiError } from './api-error.ts';
import { openEventStream } from './event-stream.ts';
import type { ConnectionStatus, EventStreamHandle } from './event-stream.ts';

export interface HttpApiOptions {
  /** Origin (and optional path prefix) of the server, e.g. "http://127.0.0.1:7777". */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
}

/** The ControlApi plus what only a network transport has: the event connection's status. */
export interface HttpControlApi extends ControlApi {
  watchConnection(listener: (status: ConnectionStatus) => void): () => void;
}

type Method = 'GET' | 'POST' | 'PUT';

async function errorFrom(res: Response): Promise<ApiError> {
  let code: unknown;
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    code = body.error?.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy page, an empty body): keep the status line.
  }
  if (res.status === 401) return new ApiError('unauthorized', message, 401);
  if (res.status === 403) return new ApiError('forbidden', message, 403);
  const known = ['invalid-argument', 'not-found', 'refused', 'conflict', 'unavailable'];
  if (typeof code === 'string' && known.includes(code)) return new ApiError(code as ApiError['code'], message, res.status);
  return new ApiError('internal', message, res.status);
}

export function createHttpApi(options: HttpApiOptions): HttpControlApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = (): Record<string, string> => (options.token ? { Authorization: `Bearer ${options.token}` } : {});

  async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { ...headers(), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError('unreachable', `Cannot reach ${base}: ${(error as Error).message}`);
    }
    if (!res.ok) throw await errorFrom(res);
    return (await res.json()) as T;
  }

  const enc = encodeURIComponent;
  const listeners = new Set<(event: ControlEvent) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let lastStatus: ConnectionStatus = { kind: 'connecting' };
  let stream: EventStreamHandle | null = null;

  function ensureStream(): void {
    if (stream) return;
    stream = openEventStream({
      url: `${base}/api/events`,
      headers: headers(),
      fetch: doFetch,
      onEvent: (event) => {
        for (const l of [...listeners]) l(event);
      },
      onStatus: (status) => {
        lastStatus = status;
        for (const l of [...statusListeners]) l(status);
      },
    });
  }

  function maybeClose(): void {
    if (listeners.size === 0 && statusListeners.size === 0 && stream) {
      stream.close();
      stream = null;
      lastStatus = { kind: 'connecting' };
    }
  }

  return {
    getState: () => call<ControlState>('GET', '/api/state'),
    listListeners: (ports) => call<ListenerRecord[]>('GET', `/api/listeners${ports && ports.length > 0 ? `?ports=${ports.join(',')}` : ''}`),
    freePort: (port, opts) => call<FreePortResult>('POST', `/api/ports/${enc(String(port))}/free`, opts ?? {}),
    killProcess: (pid, opts) => call<KillAction>('POST', `/api/processes/${enc(String(pid))}/kill`, opts ?? {}),
    startService: (id) => call<ServiceActionResult>('POST', `/api/services/${enc(id)}/start`, {}),
    stopService: (id) => call<ServiceActionResult>('POST', `/api/services/${enc(id)}/stop`, {}),
    restartService: (id) => call<ServiceActionResult>('POST', `/api/services/${enc(id)}/restart`, {}),
    freeAndStart: (id) => call<ServiceActionResult>('POST', `/api/services/${enc(id)}/free-and-start`, {}),
    runHealthChecks: () => call<PortState[]>('POST', '/api/health/run', {}),
    getDiagnostics: () => call<Diagnostics>('GET', '/api/diagnostics'),
    getServiceLogs: (id, limit) => call<LogLine[]>('GET', `/api/services/${enc(id)}/logs${limit ? `?limit=${limit}` : ''}`),
    getProductServiceState: () => call<ProductServiceState>('GET', '/api/product-service'),
    startProductService: () => call<ProductServiceState>('POST', '/api/product-service/start', {}),
    stopProductService: () => call<ProductServiceState>('POST', '/api/product-service/stop', {}),
    getConfig: () => call<PortwardenConfig>('GET', '/api/config'),
    saveConfig: (config) => call<PortwardenConfig>('PUT', '/api/config', config),
    setPaused: (paused) => call<ControlState>('POST', '/api/pause', { paused }),
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => {
        listeners.delete(listener);
        maybeClose();
      };
    },
    watchConnection(listener) {
      statusListeners.add(listener);
      listener(lastStatus);
      ensureStream();
      return () => {
        statusListeners.delete(listener);
        maybeClose();
      };
    },
  };
}
