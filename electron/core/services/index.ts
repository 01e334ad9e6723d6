/**
 * The services folder's public entry: launching a command in its own process group and stopping that group.
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export type { Launcher } from './launcher.ts';
export { TOKEN_ENV_NAME } from './inherited-env.ts';
export { createShellLauncher } from './launcher.ts';
export { stopProcessGroup } from './stop-group.ts';
