/**
 * The one error type the control API throws. It lives at the bottom of core so every layer
 * (services, health, control) can throw it; transports map `code` to status codes.
 */
export type ControlErrorCode = 'invalid-argument' | 'not-found' | 'refused' | 'conflict' | 'unavailable';

export class ControlError extends Error {
  readonly code: ControlErrorCode;
  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
  }
}
