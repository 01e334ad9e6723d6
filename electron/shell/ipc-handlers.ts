/**
 * The method → handler mapping behind ipc.ts, free of Electron so it is unit-tested:
 * every method of the control table gets a handler that checks its arguments with the
 * method's parser (the same check the HTTP transport uses) and then calls the method.
 */
import { CONTROL_TABLE, parseArgs } from '../core/control/contract.ts';
import type { ControlApi, ControlMethodName, ControlTable } from '../core/control/contract.ts';
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

/** Handler for one method of `table`: check the arguments, then call. */
export function createControlHandler(control: ControlApi, method: string, table: ControlTable = CONTROL_TABLE): IpcHandler {
  const spec = table[method];
  if (!spec) throw new Error(`no control method ${JSON.stringify(method)} in the table`);
  const fn = (control as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
  return (args) => toIpcResult(() => fn!.apply(control, parseArgs(spec, args)));
}

/** A handler for every method of `table` (default: the control table), keyed by method name. */
export function createControlHandlers(control: ControlApi, table: ControlTable = CONTROL_TABLE): Record<ControlMethodName, IpcHandler> {
  return Object.fromEntries(Object.keys(table).map((method) => [method, createControlHandler(control, method, table)])) as Record<
    ControlMethodName,
    IpcHandler
  >;
}
