/**
 * The control API over HTTP (`portwarden serve`): one fetch per method, each request built
 * from the method's row in the control table (electron/core/control/methods.ts), the token
 * sent as `Authorization: Bearer`.
 */
import { CONTROL_TABLE, isControlErrorCode, messageOf, requestFor } from '../../../electron/core/control/contract.ts';
import type { ControlApi, ControlEvent, ControlTable } from '../../../electron/core/control/contract.ts';
import { ApiError } from './api-error.ts';
import { openEventStream } from './event-stream.ts';
import type { ConnectionStatus, EventStreamHandle } from './event-stream.ts';

export interface HttpApiOptions {
  /** Origin (and optional path prefix) of the server, e.g. "http://127.0.0.1:7777". */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  /** The methods to offer (default: the control table; tests extend it). */
  table?: ControlTable;
}

/** The ControlApi plus what only a network transport has: the event connection's status. */
export interface HttpControlApi extends ControlApi {
  watchConnection(listener: (status: ConnectionStatus) => void): () => void;
}

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
  if (isControlErrorCode(code)) return new ApiError(code, message, res.status);
  return new ApiError('internal', message, res.status);
}

export function createHttpApi(options: HttpApiOptions): HttpControlApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = (): Record<string, string> => (options.token ? { Authorization: `Bearer ${options.token}` } : {});

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { ...headers(), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError('unreachable', `Cannot reach ${base}: ${messageOf(error)}`, null, { cause: error });
    }
    if (!res.ok) throw await errorFrom(res);
    return res.json();
  }

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

  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [method, spec] of Object.entries(options.table ?? CONTROL_TABLE)) {
    methods[method] = (...args) => {
      const request = requestFor(spec.http, args);
      return call(request.verb, request.target, request.body);
    };
  }

  return {
    ...(methods as unknown as Omit<ControlApi, 'subscribe'>),
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
