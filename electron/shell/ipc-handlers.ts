/**
 * The method → handler mapping behind ipc.ts, free of Electron so it is unit-tested:
 * every CONTROL_METHODS entry gets a handler that validates its arguments with the shared
 * validateArgs (the same check the HTTP transport uses) and then calls the control method.
 */
import { CONTROL_METHODS } from '../core/control/contract.ts';
import type { ControlApi, ControlMethodName } from '../core/control/contract.ts';
import { validateArgs } from '../core/control/validate.ts';
import { toPlainError, toPlainValue } from './ipc-result.ts';
import type { IpcResult } from './ipc-result.ts';

/** One IPC handler: raw renderer arguments in, an envelope out. Never throws. */
export type IpcHandler = (args: unknown[]) => Promise<IpcResult>;

/** Run `work` and wrap its value or error in the IPC envelope. */
export async function toIpcResult(work: () => unknown): Promise<IpcResult> {
  try {
    return { ok: true, value: toPlainValue(await work()) };
  } catch (error) {
    return { ok: false, error: toPlainError(error) };
  }
}

/** Handler for one method: validate, then call. */
export function createControlHandler(control: ControlApi, method: ControlMethodName): IpcHandler {
  return (args) =>
    toIpcResult(() => {
      const valid = validateArgs(method, args) as unknown[];
      const fn = control[method] as (...a: unknown[]) => Promise<unknown>;
      return fn.apply(control, valid);
    });
}

/** A handler for every control method, keyed by method name. */
export function createControlHandlers(control: ControlApi): Record<ControlMethodName, IpcHandler> {
  return Object.fromEntries(CONTROL_METHODS.map((method) => [method, createControlHandler(control, method)])) as Record<
    ControlMethodName,
    IpcHandler
  >;
}
