import { CONTROL_ERROR_CODES, TRANSPORT_ERROR_CODES, messageOf } from '../../../electron/core/control/contract.ts';
import type { ControlErrorCode, TransportErrorCode } from '../../../electron/core/control/contract.ts';

/**
 * Everything the dashboard can be told by the control API, plus the transport failures
 * the user must act on differently: a wrong token, a foreign origin, a server that is gone.
 */
export type ApiErrorCode = ControlErrorCode | TransportErrorCode;

const KNOWN: readonly ApiErrorCode[] = [...CONTROL_ERROR_CODES, ...TRANSPORT_ERROR_CODES];

/** An error from the control API with the code the UI branches on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status when the error came over HTTP. */
  readonly status: number | null;
  constructor(code: ApiErrorCode, message: string, status: number | null = null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

function isCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (KNOWN as readonly string[]).includes(value);
}

/**
 * Normalise anything a control call can throw: an ApiError as it is; an error carrying a
 * known code (a ControlError, or the plain `{ code, message }` the preload rejects with,
 * electron/shell/ipc-result.ts) keeps it; anything else is internal.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return new ApiError(isCode(code) ? code : 'internal', messageOf(error), null, { cause: error });
}

/** What the user should do about an error, in plain words. */
export function adviceFor(error: ApiError): string {
  switch (error.code) {
    case 'unauthorized':
      return 'The access token is missing or wrong. Open the dashboard with the full address “portwarden serve” printed (it ends in #token=…); the token changes each time the server starts.';
    case 'forbidden':
      return 'The server refused this page’s origin. Open the dashboard from the address “portwarden serve” printed (http://127.0.0.1:…), not through another host name or proxy.';
    case 'unreachable':
      return 'Cannot reach the Portwarden server. Is “portwarden serve” (or the tray app) still running? Start it again and open the address it prints.';
    case 'unavailable':
      return 'The server is up but this part is not available right now. Try again in a moment.';
    default:
      return error.message;
  }
}
