/**
 * The control API implementation (contract.ts): one object that owns the monitor, the
 * managed services and the embedded product service. Both transports (Electron IPC in the
 * shell, HTTP in core/server) call it; every method validates its arguments first.
 *
 * Two steps: control-runtime.ts builds the parts and wires their reactions to each other;
 * control-api.ts builds the API object over them. runtime-lifecycle.ts starts and stops them.
 */
import { buildApi } from './control-api.ts';
import { buildRuntime } from './control-runtime.ts';
import { createLifecycle, monitorStats } from './runtime-lifecycle.ts';
import type { ControlRuntime, CreateControlOptions } from './runtime-types.ts';

export type { ControlRuntime, CreateControlOptions } from './runtime-types.ts';

export function createControl(options: CreateControlOptions): ControlRuntime {
  const parts = buildRuntime(options);
  return { ...buildApi(parts), ...createLifecycle(parts), monitorStats: () => monitorStats(parts) };
}
