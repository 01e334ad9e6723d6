/** Every sentence of the diagnostics checks (health/diagnostics.ts). Pure. */
import { expectedOwner, invisibleOwner, joinWords, processLabel, uniqueProcesses } from './owners.ts';
import type { OwnerWords, ProcessWords } from '../model/words.ts';

function owners(rows: readonly ProcessWords[], elevated: boolean): string {
  return joinWords(uniqueProcesses(rows).map((r) => processLabel(r, { elevated })));
}

export const diagnosticWords = {
  runtimeTooOld: (version: string, min: string) => `Node ${version} is older than ${min}; run through npm scripts (they use the pinned Node 24)`,
  runtimeOk: (version: string, platform: string, arch: string) => `Node ${version} on ${platform}/${arch}`,
  configValid: (path: string) => `config ${path} is valid`,
  /** The path is where saving from the dashboard would write it. */
  configMissing: (path: string | null) => (path ? `no config file (${path} does not exist); using defaults` : 'no config file; using defaults'),
  emptyCommand: (id: string) => `service ${id} has an empty command`,
  builtin: (id: string, program: string) => `service ${id} starts with the shell builtin ${program}`,
  programFound: (program: string, path: string) => `${program} found at ${path}`,
  notOnPath: (id: string, program: string) => `service ${id}: ${program} not found on PATH`,
  /** A program given as a path (./run.sh, bin/server) is not looked up on PATH. */
  pathMissing: (id: string, program: string, full: string) => `service ${id}: ${program} does not exist (${full})`,
  pathNotExecutable: (id: string, program: string, full: string) => `service ${id}: ${program} is not an executable file (${full})`,
  envSet: (name: string) => `${name} is set`,
  envMissing: (id: string, name: string) => `service ${id} needs ${name}, which is not set`,
  toolFound: (tool: string, path: string) => `${tool} found at ${path}`,
  toolMissing: (tool: string, why: string) => `${tool} not found on PATH; needed for the ${why}`,
  excludedRange: (port: number, start: number, end: number, administered: boolean) =>
    `port ${port} is in a Windows excluded port range ${start}-${end}${administered ? ' (administered)' : ' (reserved by Hyper-V, WSL or Docker)'}: nothing can bind it; pick another port or change the reservation with netsh`,
  keptForService: (port: number, service: string, status: string) => `port ${port} is kept for service ${service} (${status}); nothing listens yet, and no test bind is made while it may be binding`,
  portFree: (port: number, host: string) => `port ${port} is free (a test bind on ${host} succeeded)`,
  accessDeniedWindows: (port: number) => `port ${port}: access denied on bind (an excluded port range or a firewall policy)`,
  privileged: (port: number) => `port ${port} is privileged (< 1024): binding it needs root or CAP_NET_BIND_SERVICE; pick a port >= 1024`,
  permissionDenied: (port: number, message: string) => `port ${port}: permission denied on bind (${message})`,
  notLocal: (host: string, port: number) => `address ${host} is not an address of this machine, so port ${port} cannot be bound on it`,
  inUseInvisible: (port: number) => `port ${port} cannot be bound but nothing visible listens: another network namespace (container, WSL) or a socket bound without listening`,
  bindFailed: (port: number, code: string, message: string) => `port ${port}: test bind failed with ${code} (${message})`,
  /** Every owner of the port is invisible: whose it may be depends on whether we are root. */
  heldByInvisible: (port: number, elevated: boolean) => `port ${port} is in use by ${invisibleOwner(elevated)}`,
  productOk: (port: number) => `port ${port} is in use by the embedded product service (expected)`,
  productBlocked: (port: number, holders: readonly ProcessWords[], elevated: boolean) => `port ${port} is held by ${owners(holders, elevated)}, so the product service cannot bind it`,
  serviceOk: (port: number, service: string) => `port ${port} is in use by service ${service} (expected)`,
  serviceBlocked: (port: number, service: string, holders: readonly ProcessWords[], elevated: boolean) =>
    `port ${port} is held by ${owners(holders, elevated)}, so service ${service} cannot bind it`,
  ownerOk: (port: number, owner: OwnerWords) => `port ${port} is in use by its expected owner (${expectedOwner(owner)})`,
  ownerForeign: (port: number, owner: OwnerWords, holders: readonly ProcessWords[], elevated: boolean) =>
    `port ${port} is held by ${owners(holders, elevated)}, not by its expected owner (${expectedOwner(owner)})`,
  inUseBy: (port: number, holders: readonly ProcessWords[], elevated: boolean) => `port ${port} is in use by ${owners(holders, elevated)}`,
};
