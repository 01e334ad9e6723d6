/**
 * What crosses the IPC boundary for one call. Errors thrown by an `ipcMain.handle` handler
 * reach the renderer as a bare message ("Error invoking remote method …"), losing the
 * ControlError code, so handlers resolve with this envelope instead and the preload turns
 * a failure back into a rejected promise carrying a plain `{ name, code, message }` object.
 */
import { isControlErrorCode, messageOf } from '../core/control/contract.ts';
import type { ControlErrorCode, TransportErrorCode } from '../core/control/contract.ts';

/** A control error as a plain value (structured-clone and contextBridge safe). */
export interface PlainControlError {
  name: 'ControlError';
  code: ControlErrorCode | Extract<TransportErrorCode, 'forbidden' | 'internal'>;
  message: string;
}

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: PlainControlError };

/**
 * Any thrown value → plain error. ControlErrors keep their code; anything else is an
 * internal error whose message is kept but whose stack stays in the main process.
 */
export function toPlainError(error: unknown): PlainControlError {
  if (typeof error === 'object' && error !== null) {
    const { code } = error as { code?: unknown };
    const text = messageOf(error);
    if (isControlErrorCode(code) || code === 'forbidden') return { name: 'ControlError', code, message: text };
    return { name: 'ControlError', code: 'internal', message: text };
  }
  return { name: 'ControlError', code: 'internal', message: String(error) };
}

/**
 * Copy a value through JSON so only plain data crosses to the renderer (no class
 * instances, functions or prototypes). `undefined` stays `undefined`.
 */
export function toPlainValue<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Unwrap an envelope in the preload: the value, or a rejected plain error. */
export function unwrapIpcResult(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const envelope = result as IpcResult;
    if (envelope.ok) return envelope.value;
    throw envelope.error;
  }
  throw { name: 'ControlError', code: 'internal', message: 'malformed IPC reply' } satisfies PlainControlError;
}
