/**
 * The bottom of core: the data every layer and surface shares (ports, processes, services,
 * health, state, the product service, config, error codes) and nothing else. Files in
 * model/ import only each other (a lint rule enforces it), so any folder may use them
 * without a dependency pointing upward. Surfaces get them through control/contract.ts.
 */
export type * from './config.ts';
export type * from './health.ts';
export type * from './owners.ts';
export type * from './ports.ts';
export type * from './processes.ts';
export type * from './product.ts';
export type * from './services.ts';
export type * from './state.ts';
export type * from './words.ts';
export { OVERALL_ORDER } from './words.ts';
export { ControlError } from './errors.ts';
export type { ControlErrorCode } from './errors.ts';
