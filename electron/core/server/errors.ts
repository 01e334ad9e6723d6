import { CONTROL_ERROR_STATUS, ControlError } from '../control/contract.ts';

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Map any thrown value to a status and a JSON body. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ControlError) return { status: CONTROL_ERROR_STATUS[error.code] ?? 500, body: errorBody(error.code, error.message) };
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own client errors (bad JSON, body too large, …).
    return { status: e.statusCode, body: errorBody(e.statusCode === 404 ? 'not-found' : 'invalid-argument', e.message ?? 'bad request') };
  }
  return { status: 500, body: errorBody('internal', e?.message ?? String(error)) };
}
