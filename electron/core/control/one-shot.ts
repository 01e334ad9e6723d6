/**
 * The control folder's entry for the one-shot CLI commands (ports, check, wait, free, kill,
 * run): the port probes and the real-OS kill dependencies they share with the control
 * runtime, without the runtime itself, so a port command never loads the monitor, the
 * services or the server (test/integration/cli/lazy-commands.test.ts). The runtime's entry
 * is index.ts; the contract is contract.ts.
 */
export { createKillDeps } from './create-kill-deps.ts';
export { describeHolder, isPortFree, listenersOn, partitionHolders, waitForPort } from './port-probes.ts';
