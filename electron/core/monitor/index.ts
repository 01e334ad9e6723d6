/**
 * The monitor folder's public entry for the surfaces.
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export { TreeResolver } from './process-tree.ts';
