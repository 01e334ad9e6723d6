/**
 * The dashboard's only door to Portwarden. Inside the Electron window the preload exposes
 * `window.portwarden` (the ControlApi methods by name plus `subscribe`); in a browser
 * opened from `portwarden serve` it is the HTTP client, with the token from the URL
 * fragment.
 */
import type { PortwardenConfig, ControlApi } from '../../electron/core/control/contract.ts';
import { CONTROL_METHODS } from '../../electron/core/control/contract.ts';
import { ApiError, toApiError } from './lib/api-error.ts';
import type { ConnectionStatus } from './lib/event-stream.ts';
import { createHttpApi } from './lib/http-api.ts';
import { takeToken } from './lib/token.ts';

declare global {
  interface Window {
    /** Set by electron/preload.ts through contextBridge. */
    portwarden?: ControlApi & {
      importProjectFile?: () => Promise<PortwardenConfig | null>;
      chooseProjectFolder?: () => Promise<string | null>;
    };
  }
}

export interface DashboardClient {
  api: ControlApi;
  transport: 'ipc' | 'http';
  /** Status of the live event connection (IPC is always open). */
  watchConnection(listener: (status: ConnectionStatus) => void): () => void;
  /** Set when the page can't work at all (no token over HTTP): what to tell the user. */
  startupError: ApiError | null;
  /** Electron only: pick a portwarden.json with the native Open dialog and apply it (null = cancelled). */
  importProjectFile?: () => Promise<PortwardenConfig | null>;
  /** Electron only: the native folder dialog (the chosen path, null = cancelled). */
  chooseProjectFolder?: () => Promise<string | null>;
}

/** Wrap every method so callers always see ApiError, whatever the transport threw. */
function normaliseErrors(api: ControlApi): ControlApi {
  const wrapped: Record<string, unknown> = {};
  for (const name of CONTROL_METHODS) {
    const fn = api[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn.apply(api, args);
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  wrapped.subscribe = api.subscribe.bind(api);
  return wrapped as unknown as ControlApi;
}

/** Pick the transport for this page. */
export function createClient(win: Window = window): DashboardClient {
  const bridge = win.portwarden;
  if (bridge && typeof bridge.getState === 'function') {
    return {
      api: normaliseErrors(bridge),
      transport: 'ipc',
      watchConnection(listener) {
        listener({ kind: 'open' });
        return () => {};
      },
      startupError: null,
      ...(typeof bridge.importProjectFile === 'function'
        ? {
            importProjectFile: async () => {
              try {
                return await bridge.importProjectFile!();
              } catch (error) {
                throw toApiError(error);
              }
            },
          }
        : {}),
      ...(typeof bridge.chooseProjectFolder === 'function'
        ? { chooseProjectFolder: () => bridge.chooseProjectFolder!().catch((error: unknown) => Promise.reject(toApiError(error))) }
        : {}),
    };
  }
  const token = takeToken(win.location, win.sessionStorage, win.history);
  const http = createHttpApi({ baseUrl: win.location.origin, token });
  return {
    api: normaliseErrors(http),
    transport: 'http',
    watchConnection: (listener) => http.watchConnection(listener),
    startupError: token
      ? null
      : new ApiError('unauthorized', 'No access token: this page was opened without the #token=… part of the address.'),
  };
}
