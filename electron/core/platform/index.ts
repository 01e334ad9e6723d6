/**
 * The platform layer's public entry for the surfaces: process-group signals and the "address already in use" test.
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export { groupAlive, signalGroup } from './signals.ts';
export { isBindError } from './bind-error.ts';
