/** Every sentence of the diagnostics checks (health/diagnostics.ts). Pure. */
import { expectedOwner, invisibleOwner, joinWords, processLabel, uniqueProcesses } from './owners.ts';
import type { ListenerWords, OwnerWords, ProcessWords } from '../model/words.ts';

function owners(rows: readonly ProcessWords[], elevated: boolean): string {
  return joinWords(uniqueProcesses(rows).map((r) => processLabel(r, { elevated })));
}

/** "::1", "127.0.0.1 and ::1": the addresses the rows listen on. */
function addressesOf(rows: readonly ListenerWords[]): string {
  return joinWords([...new Set(rows.map((r) => r.address))]);
}

/** "127.0.0.1 or 0.0.0.0". */
function orWords(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

export const diagnosticWords = {
  runtimeTooOld: (version: string, min: string) =>
    `Node ${version} is older than ${min}; run through npm scripts (they use the pinned Node 24)`,
  runtimeOk: (version: string, platform: string, arch: string) => `Node ${version} on ${platform}/${arch}`,
  configValid: (path: string) => `config ${path} is valid`,
  /** The path is where saving from the dashboard would write it. */
  configMissing: (path: string | null) =>
    path ? `no config file (${path} does not exist); using defaults` : 'no config file; using defaults',
  /**
   * `who` names what runs the command: "service api" for a managed service, "the command"
   * for `portwarden run -- …` (no service there).
   */
  emptyCommand: (who: string) => `${who} has an empty command`,
  builtin: (who: string, program: string) => `${who} starts with the shell builtin ${program}`,
  programFound: (program: string, path: string) => `${program} found at ${path}`,
  notOnPath: (who: string, program: string) => `${who}: ${program} not found on PATH`,
  /** A program given as a path (./run.sh, bin/server) is not looked up on PATH. */
  pathMissing: (who: string, program: string, full: string) => `${who}: ${program} does not exist (${full})`,
  pathNotExecutable: (who: string, program: string, full: string) => `${who}: ${program} is not an executable file (${full})`,
  envSet: (name: string) => `${name} is set`,
  envMissing: (who: string, name: string) => `${who} needs ${name}, which is not set`,
  /** Set to the empty string: it is set, and an empty value is still refused. */
  envEmpty: (who: string, name: string) => `${who} needs ${name}, which is set but empty`,
  toolFound: (tool: string, path: string) => `${tool} found at ${path}`,
  toolMissing: (tool: string, why: string) => `${tool} not found on PATH; needed for the ${why}`,
  excludedRange: (port: number, start: number, end: number, administered: boolean) =>
    `port ${port} is in a Windows excluded port range ${start}-${end}${administered ? ' (administered)' : ' (reserved by Hyper-V, WSL or Docker)'}: nothing can bind it; pick another port or change the reservation with netsh`,
  keptForService: (port: number, who: string, status: string) =>
    `port ${port} is kept for ${who} (${status}); nothing listens yet, and no test bind is made while it may be binding`,
  portFree: (port: number, host: string) => `port ${port} is free (a test bind on ${host} succeeded)`,
  accessDeniedWindows: (port: number) => `port ${port}: access denied on bind (an excluded port range or a firewall policy)`,
  privileged: (port: number) => `port ${port} is privileged (< 1024): binding it needs root or CAP_NET_BIND_SERVICE; pick a port >= 1024`,
  permissionDenied: (port: number, message: string) => `port ${port}: permission denied on bind (${message})`,
  notLocal: (host: string, port: number) => `address ${host} is not an address of this machine, so port ${port} cannot be bound on it`,
  inUseInvisible: (port: number) =>
    `port ${port} cannot be bound but nothing visible listens: another network namespace (container, WSL) or a socket bound without listening`,
  bindFailed: (port: number, code: string, message: string) => `port ${port}: test bind failed with ${code} (${message})`,
  /** Every owner of the port is invisible: whose it may be depends on whether we are root. */
  heldByInvisible: (port: number, elevated: boolean) => `port ${port} is in use by ${invisibleOwner(elevated)}`,
  productOk: (port: number) => `port ${port} is in use by the embedded product service (expected)`,
  productBlocked: (port: number, holders: readonly ProcessWords[], elevated: boolean) =>
    `port ${port} is held by ${owners(holders, elevated)}, so the product service cannot bind it`,
  serviceOk: (port: number, who: string) => `port ${port} is in use by ${who} (expected)`,
  serviceBlocked: (port: number, who: string, holders: readonly ProcessWords[], elevated: boolean) =>
    `port ${port} is held by ${owners(holders, elevated)}, so ${who} cannot bind it`,
  ownerOk: (port: number, owner: OwnerWords) => `port ${port} is in use by its expected owner (${expectedOwner(owner)})`,
  ownerForeign: (port: number, owner: OwnerWords, holders: readonly ProcessWords[], elevated: boolean) =>
    `port ${port} is held by ${owners(holders, elevated)}, not by its expected owner (${expectedOwner(owner)})`,
  inUseBy: (port: number, holders: readonly ProcessWords[], elevated: boolean) => `port ${port} is in use by ${owners(holders, elevated)}`,
  /**
   * The port is taken on some addresses only (address-binds.ts): which ones were tested, what
   * works, and the localhost shadowing that remains. `free` and `taken` are address labels.
   */
  heldOnSomeAddresses: (
    port: number,
    who: string,
    holders: readonly ListenerWords[],
    free: readonly string[],
    taken: readonly string[],
    freeHosts: readonly string[],
    elevated: boolean,
  ) =>
    `port ${port} is held by ${owners(holders, elevated)} on ${addressesOf(holders)}; a test bind succeeded on ${joinWords(free)} and failed on ${joinWords(taken)}: ${who} can start if it binds ${orWords(freeHosts)}, but “localhost:${port}” may reach ${owners(holders, elevated)} instead`,
  /** The address the command binds is free, but someone listens on another address of the port. */
  freeWhereBound: (port: number, host: string, who: string, holders: readonly ListenerWords[], elevated: boolean) =>
    `port ${port} is free on ${host}, where ${who} binds (a test bind succeeded); ${owners(holders, elevated)} listens on ${addressesOf(holders)}, so “localhost:${port}” may reach it instead`,
};
