/**
 * Errors, in one place: the codes a control method can fail with and the HTTP status each
 * travels with, the codes only a transport produces, the one error type the control API
 * throws, and messageOf() for turning anything thrown into a sentence. It lives at the
 * bottom of core so every layer (services, health, control), the product service and the
 * surfaces (through the contract) use the same definitions.
 */

/** Every code a control method can fail with, and its HTTP status (core/server/errors.ts). */
export const CONTROL_ERROR_STATUS = {
  'invalid-argument': 400,
  'not-found': 404,
  refused: 409,
  conflict: 409,
  unavailable: 503,
} as const;

export type ControlErrorCode = keyof typeof CONTROL_ERROR_STATUS;

/** The control error codes, in the order above. */
export const CONTROL_ERROR_CODES = Object.freeze(Object.keys(CONTROL_ERROR_STATUS) as ControlErrorCode[]);

/**
 * Codes a transport adds around the control API: a wrong token (`unauthorized`), a foreign
 * origin or sender (`forbidden`), a server that cannot be reached (`unreachable`), and a
 * failure that is not a ControlError (`internal`).
 */
export type TransportErrorCode = 'unauthorized' | 'forbidden' | 'unreachable' | 'internal';

export const TRANSPORT_ERROR_CODES: readonly TransportErrorCode[] = Object.freeze(['unauthorized', 'forbidden', 'unreachable', 'internal']);

export function isControlErrorCode(value: unknown): value is ControlErrorCode {
  return typeof value === 'string' && Object.hasOwn(CONTROL_ERROR_STATUS, value);
}

export class ControlError extends Error {
  readonly code: ControlErrorCode;
  /** `options.cause`: the error this one reports, when it wraps one. */
  constructor(code: ControlErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ControlError';
    this.code = code;
  }
}

/**
 * The message of anything thrown: an Error's message, the `message` of a plain error object
 * (what crosses IPC), otherwise the value as a string.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
