/**
 * The owners folder's public entry: words about what an owner forwards a port for.
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export { behindLabel } from './owner-words.ts';
