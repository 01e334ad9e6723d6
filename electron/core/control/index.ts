/**
 * The control runtime's entry for the main-process surfaces (the desktop app, `portwarden
 * serve`): building a runtime. The one-shot CLI commands use one-shot.ts instead (it does
 * not load the monitor); the contract itself is contract.ts.
 */
export { createControl } from './create-control.ts';
export type { ControlRuntime, CreateControlOptions } from './create-control.ts';
