/**
 * The control runtime's entry for the main-process surfaces (the desktop app, `portwarden
 * serve`, the CLI): building a runtime, and the port probes and real-OS kill dependencies
 * the one-shot CLI commands share with it. The contract itself is contract.ts.
 */
export { createControl } from './create-control.ts';
export type { ControlRuntime, CreateControlOptions } from './create-control.ts';
export { createKillDeps } from './create-kill-deps.ts';
export { describeHolder, isPortFree, listenersOn, partitionHolders } from './port-probes.ts';
