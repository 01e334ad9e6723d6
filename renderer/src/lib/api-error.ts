import type { ControlErrorCode } from '../../../electron/core/control/contract.ts';

/**
 * Everything the dashboard can be told by the control API, plus the transport failures
 * the user must act on differently: a wrong token, a foreign origin, a server that is gone.
 */
export type ApiErrorCode = ControlErrorCode | 'unauthorized' | 'forbidden' | 'unreachable' | 'internal';

const KNOWN: readonly ApiErrorCode[] = [
  'invalid-argument', 'not-found', 'refused', 'conflict', 'unavailable',
  'unauthorized', 'forbidden', 'unreachable', 'internal',
];

/** An error from the control API with the code the UI branches on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status when the error came over HTTP. */
  readonly status: number | null;
  constructor(code: ApiErrorCode, message: string, status: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

function isCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (KNOWN as readonly string[]).includes(value);
}

/**
 * Normalise anything a control call can throw. Over IPC, Electron re-creates errors as
 * plain Errors whose message is "Error invoking remote method 'x': ControlError: …" and
 * drops custom fields, so the code is recovered from the message when it is not on the
 * object.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(error);
    if (isCode(e.code)) return new ApiError(e.code, message);
    const m = /\[([a-z-]+)\]/.exec(message) ?? /\b(invalid-argument|not-found|refused|conflict|unavailable)\b/.exec(message);
    const cleaned = message.replace(/^Error invoking remote method '[^']+': (?:\w*Error: )?/, '');
    if (m && isCode(m[1])) return new ApiError(m[1], cleaned);
    return new ApiError('internal', cleaned);
  }
  return new ApiError('internal', String(error));
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
