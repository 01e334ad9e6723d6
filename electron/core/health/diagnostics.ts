/**
 * Diagnostics (seed 002, generalised): runtime, config, commands on PATH, required
 * environment, port availability by a real test bind with the reason when it fails, and the
 * OS tools the snapshot needs. Each check is {name, status, message, details}.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DiagnosticCheck, Diagnostics } from '../model/health.ts';
import type { ServiceStatus } from '../model/services.ts';
import type { CheckedConfig, OwnerMatcher, PortwardenConfig } from '../model/config.ts';
import { diagnosticWords as W } from '../vocabulary/diagnostics.ts';
import type { ListenerRecord } from '../model/ports.ts';
import { tryBind as realTryBind } from './bind-test.ts';
import { addressLabel, bindByAddress } from './address-binds.ts';
import { bindAddressOf } from './bind-address.ts';
import type { BindOutcome } from './bind-test.ts';
import { commandProgram, findOnPath, isShellBuiltin, pathProblem, programPath } from './find-on-path.ts';
import { rangeContaining, readExcludedPortRanges } from './excluded-ports.ts';
import type { PortRange } from './excluded-ports.ts';

export interface DiagnosticsDeps {
  config: CheckedConfig;
  /** Set when the config on disk is invalid (the running config is the last good one). */
  configError?: string | null;
  configPath?: string | null;
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  now?: () => number;
  /** Listeners (with owners) on these ports, from a fresh snapshot. */
  readListeners: (ports: number[]) => Promise<readonly ListenerRecord[]>;
  /** Whether pid belongs to the managed service's process tree. */
  isManaged: (serviceId: string, pid: number) => Promise<boolean>;
  /** Whether a listener matches a port's owner matcher (default: never sure, so no). */
  isExpectedOwner?: (owner: OwnerMatcher, listener: ListenerRecord) => Promise<boolean>;
  /** Running as root/Administrator: an invisible owner is in another pid namespace. */
  elevated?: boolean;
  /**
   * Whether pid is the embedded product service, which runs inside Portwarden's own process
   * (default: pid is this process). Its own port held by it is expected, not a problem.
   */
  isProductService?: (pid: number) => boolean;
  /**
   * The supervisor's view of a managed service. A port whose service has a live process (or
   * is about to restart) is never test-bound: the test bind could take the port at the very
   * moment the service binds it, and the service would die with "address already in use"
   * (a bind-loop caused by the diagnostics themselves).
   */
  serviceStatus?: (serviceId: string) => { status: ServiceStatus; pid: number | null } | null;
  tryBind?: (port: number, host: string) => Promise<BindOutcome>;
  /**
   * false: make no test bind (a background pass, which must never take a port at the moment
   * a service binds it). A port with listeners is still judged; one without is skipped and
   * named in `skipped`, so the caller keeps the last result that test-bound it. Default true.
   */
  testBind?: boolean;
  /** Windows only (default: netsh). */
  readExcludedRanges?: () => Promise<PortRange[] | null>;
  nodeVersion?: string;
  /**
   * What a service's checks call it: "service api" by default; `portwarden run` checks an
   * ad-hoc command, which is no service ("the command").
   */
  subject?: (serviceId: string) => string;
}

const MIN_NODE = [22, 13];

/** "service api", or what the caller calls it (DiagnosticsDeps.subject). */
function subjectOf(deps: DiagnosticsDeps, serviceId: string): string {
  return deps.subject?.(serviceId) ?? `service ${serviceId}`;
}

function check(name: string, status: DiagnosticCheck['status'], message: string, details?: Record<string, unknown>): DiagnosticCheck {
  return details ? { name, status, message, details } : { name, status, message };
}

function runtimeCheck(platform: NodeJS.Platform, nodeVersion: string): DiagnosticCheck {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const tooOld = major < MIN_NODE[0]! || (major === MIN_NODE[0] && minor < MIN_NODE[1]!);
  const details = { node: nodeVersion, platform, arch: process.arch };
  return tooOld
    ? check('runtime', 'critical', W.runtimeTooOld(nodeVersion, MIN_NODE.join('.')), details)
    : check('runtime', 'ok', W.runtimeOk(nodeVersion, platform, process.arch), details);
}

async function toolChecks(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, cwd: string): Promise<DiagnosticCheck[]> {
  const wanted: { tool: string; missing: DiagnosticCheck['status']; why: string }[] =
    platform === 'linux'
      ? [
          { tool: 'ss', missing: 'warning', why: 'fast listener snapshot (without it Portwarden reads /proc, slower)' },
          {
            tool: 'perl',
            missing: 'warning',
            why: 'cheap change check between polls over netlink (without it every poll reads the listener table fully, more CPU)',
          },
        ]
      : platform === 'darwin'
        ? [
            { tool: 'lsof', missing: 'critical', why: 'listener owners' },
            { tool: 'netstat', missing: 'warning', why: 'listeners of other users' },
          ]
        : platform === 'win32'
          ? [
              { tool: 'netstat', missing: 'critical', why: 'listener snapshot' },
              { tool: 'tasklist', missing: 'critical', why: 'process names' },
              { tool: 'powershell', missing: 'warning', why: 'command lines of processes' },
            ]
          : [];
  return Promise.all(
    wanted.map(async ({ tool, missing, why }) => {
      const found = await findOnPath(tool, { cwd, env, platform });
      return found
        ? check(`tool:${tool}`, 'ok', W.toolFound(tool, found), { path: found })
        : check(`tool:${tool}`, missing, W.toolMissing(tool, why));
    }),
  );
}

/**
 * One port to test: `service` is the managed service expected on it, `product` marks the
 * embedded product service's port (kept apart from service ids, so a user service called
 * "product-service" is not mistaken for it).
 */
interface PortToCheck {
  port: number;
  service: string | null;
  /** The owner matcher of a port Portwarden does not run. */
  owner: OwnerMatcher | null;
  product: boolean;
  host: string | null;
}

/** Every port Portwarden would bind or watch, with the service expected on it. */
function portsToCheck(config: PortwardenConfig): PortToCheck[] {
  const out = new Map<number, PortToCheck>();
  for (const s of config.services)
    if (s.port !== undefined) out.set(s.port, { port: s.port, service: s.id, owner: null, product: false, host: null });
  for (const p of config.ports)
    if (!out.has(p.port)) out.set(p.port, { port: p.port, service: p.service ?? null, owner: p.owner ?? null, product: false, host: null });
  const ps = config.productService;
  if (ps.enabled && ps.port > 0)
    out.set(ps.port, { port: ps.port, service: null, owner: null, product: true, host: ps.host ?? '127.0.0.1' });
  return [...out.values()];
}

/** The listeners on one port from a fresh snapshot; none when it cannot be read. */
async function listenersOn(deps: DiagnosticsDeps, port: number): Promise<ListenerRecord[]> {
  return (await deps.readListeners([port]).catch(() => [] as ListenerRecord[])).filter((l) => l.port === port);
}

async function portCheck(
  entry: PortToCheck,
  deps: DiagnosticsDeps,
  platform: NodeJS.Platform,
  excluded: PortRange[] | null,
): Promise<DiagnosticCheck | null> {
  const { port, service } = entry;
  const name = `port:${port}`;
  const bind = deps.tryBind ?? realTryBind;
  const range = excluded ? rangeContaining(port, excluded) : null;
  if (range) {
    return check(name, 'critical', W.excludedRange(port, range.start, range.end, range.administered), { port, range });
  }
  const live = service ? (deps.serviceStatus?.(service) ?? null) : null;
  const status = live?.status ?? null;
  if (live !== null && status !== null && (live.pid !== null || status === 'starting' || status === 'backoff')) {
    const listeners = await listenersOn(deps, port);
    if (listeners.length === 0) {
      return check(name, 'ok', W.keptForService(port, subjectOf(deps, service!), status), { port, service, serviceStatus: status });
    }
    return listenerCheck(entry, deps, listeners, { port, service, serviceStatus: status });
  }
  if (deps.testBind === false) {
    const listeners = await listenersOn(deps, port);
    return listeners.length > 0 ? listenerCheck(entry, deps, listeners, { port, ...(service ? { service } : {}) }) : null;
  }
  // Where the program binds when its command line says (`--host 0.0.0.0`, bind-address.ts);
  // else the dual-stack wildcard, which collides with a listener on any address of the port
  // (and is narrowed down below when it does).
  const command = service ? deps.config.services.find((s) => s.id === service)?.command : undefined;
  const known = entry.host ?? (command ? bindAddressOf(command) : null);
  let host = known ?? '::';
  let outcome = await bind(port, host);
  if (!outcome.ok && known === null && (outcome.code === 'EAFNOSUPPORT' || outcome.code === 'EADDRNOTAVAIL')) {
    host = '0.0.0.0';
    outcome = await bind(port, host);
  }
  const details: Record<string, unknown> = {
    port,
    host,
    ...(service ? { service } : {}),
    ...(entry.product ? { service: 'product-service' } : {}),
  };
  if (outcome.ok)
    return known !== null && entry.host === null
      ? boundWhereKnown(entry, deps, host, details)
      : check(name, 'ok', W.portFree(port, host), details);
  details.code = outcome.code;
  switch (outcome.code) {
    case 'EACCES':
      if (platform === 'win32') return check(name, 'critical', W.accessDeniedWindows(port), details);
      return port < 1024
        ? check(name, 'critical', W.privileged(port), details)
        : check(name, 'critical', W.permissionDenied(port, outcome.message), details);
    case 'EADDRNOTAVAIL':
      return check(name, 'critical', W.notLocal(host, port), details);
    case 'EADDRINUSE': {
      const listeners = await listenersOn(deps, port);
      if (listeners.length === 0) {
        return check(name, 'warning', W.inUseInvisible(port), { ...details, listeners: [] });
      }
      const judged = await listenerCheck(entry, deps, listeners, details);
      // Taken on every address, or the holder is expected: that verdict stands. A foreign
      // holder on some addresses only leaves the others free (address-binds.ts).
      if (judged.status !== 'critical' || known !== null || entry.product) return judged;
      return (await narrowedByAddress(entry, deps, listeners, judged)) ?? judged;
    }
    default:
      return check(name, 'warning', W.bindFailed(port, outcome.code ?? 'an error', outcome.message), details);
  }
}

/** Judge a port that has listeners: expected owners are ok, anyone else is named. */
async function listenerCheck(
  entry: PortToCheck,
  deps: DiagnosticsDeps,
  listeners: readonly ListenerRecord[],
  baseDetails: Record<string, unknown>,
): Promise<DiagnosticCheck> {
  const { port, service } = entry;
  const name = `port:${port}`;
  const details: Record<string, unknown> = {
    ...baseDetails,
    listeners: listeners.map((l) => ({ pid: l.pid, name: l.name, address: l.address })),
  };
  const elevated = deps.elevated ?? false;
  if (listeners.every((l) => l.pid === null)) {
    return check(name, service || entry.product || entry.owner ? 'critical' : 'warning', W.heldByInvisible(port, elevated), details);
  }
  if (entry.product) {
    const isOurs = deps.isProductService ?? ((pid: number) => pid === process.pid);
    const foreign = listeners.filter((l) => l.pid === null || !isOurs(l.pid));
    if (foreign.length === 0) return check(name, 'ok', W.productOk(port), details);
    return check(name, 'critical', W.productBlocked(port, foreign, elevated), details);
  }
  if (service) {
    const foreign: ListenerRecord[] = [];
    for (const l of listeners) if (l.pid === null || !(await deps.isManaged(service, l.pid))) foreign.push(l);
    if (foreign.length === 0) return check(name, 'ok', W.serviceOk(port, subjectOf(deps, service)), details);
    return check(name, 'critical', W.serviceBlocked(port, subjectOf(deps, service), foreign, elevated), details);
  }
  if (entry.owner) {
    const owner = entry.owner;
    const matches = deps.isExpectedOwner ?? (async () => false);
    const foreign: ListenerRecord[] = [];
    for (const l of listeners) if (!(await matches(owner, l))) foreign.push(l);
    if (foreign.length === 0) return check(name, 'ok', W.ownerOk(port, owner), details);
    return check(name, 'critical', W.ownerForeign(port, owner, foreign, elevated), details);
  }
  return check(name, 'ok', W.inUseBy(port, listeners, elevated), details);
}

/**
 * The dual-stack bind failed, but maybe only because of the IPv6 family: test each common
 * address. A server whose command does not say where it binds most often binds IPv4
 * (127.0.0.1 or 0.0.0.0), so when both are free (the holder is on ::1 only, as Vite is for
 * "localhost" on Node >= 17) the port is a warning that says which addresses are free, not
 * "cannot bind it". A holder on an IPv4 address keeps the critical verdict: the likely bind fails.
 */
async function narrowedByAddress(
  entry: PortToCheck,
  deps: DiagnosticsDeps,
  listeners: readonly ListenerRecord[],
  judged: DiagnosticCheck,
): Promise<DiagnosticCheck | null> {
  if (listeners.some((l) => l.pid === null) || entry.service === null) return null;
  const binds = await bindByAddress(entry.port, deps.tryBind ?? realTryBind);
  if (!binds.free.includes('127.0.0.1') || !binds.free.includes('0.0.0.0')) return null;
  const who = subjectOf(deps, entry.service);
  const message = W.heldOnSomeAddresses(
    entry.port,
    who,
    listeners,
    binds.free.map(addressLabel),
    binds.taken.map(addressLabel),
    binds.free,
    deps.elevated ?? false,
  );
  return check(judged.name, 'warning', message, { ...judged.details, freeAddresses: binds.free, takenAddresses: binds.taken });
}

/** The known bind address is free: ok, or a warning when someone listens on another address of the port. */
async function boundWhereKnown(
  entry: PortToCheck,
  deps: DiagnosticsDeps,
  host: string,
  details: Record<string, unknown>,
): Promise<DiagnosticCheck> {
  const name = `port:${entry.port}`;
  const others = await listenersOn(deps, entry.port);
  if (others.length === 0 || entry.service === null) return check(name, 'ok', W.portFree(entry.port, host), details);
  const message = W.freeWhereBound(entry.port, host, subjectOf(deps, entry.service), others, deps.elevated ?? false);
  return check(name, 'warning', message, { ...details, listeners: others.map((l) => ({ pid: l.pid, name: l.name, address: l.address })) });
}

/**
 * The config file: valid, invalid (the running config is the last good one), or absent —
 * looked at now, so a file that was never written is never called valid.
 */
function configCheck(deps: DiagnosticsDeps): DiagnosticCheck {
  const details = deps.configPath ? { path: deps.configPath } : undefined;
  if (deps.configError) return check('config', 'critical', deps.configError, details);
  if (!deps.configPath || !existsSync(deps.configPath)) return check('config', 'ok', W.configMissing(deps.configPath ?? null), details);
  return check('config', 'ok', W.configValid(deps.configPath), details);
}

/** Can the service's command run: a builtin, a program on PATH, or a path (./run.sh) that exists and is executable. */
async function commandCheck(
  id: string,
  who: string,
  program: string | null,
  cwd: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): Promise<DiagnosticCheck> {
  const name = `service:${id}:command`;
  if (program === null) return check(name, 'critical', W.emptyCommand(who));
  if (isShellBuiltin(program)) return check(name, 'ok', W.builtin(who, program));
  const found = await findOnPath(program, { cwd, env, platform });
  if (found) return check(name, 'ok', W.programFound(program, found), { program, path: found });
  const full = programPath(program, cwd, platform);
  if (full === null) return check(name, 'critical', W.notOnPath(who, program), { program, cwd });
  const problem = await pathProblem(full);
  return check(name, 'critical', problem === 'missing' ? W.pathMissing(who, program, full) : W.pathNotExecutable(who, program, full), {
    program,
    path: full,
    cwd,
  });
}

export async function runDiagnostics(deps: DiagnosticsDeps): Promise<Diagnostics> {
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const checks: DiagnosticCheck[] = [runtimeCheck(platform, deps.nodeVersion ?? process.version)];
  checks.push(configCheck(deps));
  const config = deps.config;
  for (const service of config.services) {
    const cwd = resolve(deps.baseDir, service.cwd);
    const program = commandProgram(service.command);
    const serviceEnv = { ...env, ...service.env };
    const who = subjectOf(deps, service.id);
    checks.push(await commandCheck(service.id, who, program, cwd, serviceEnv, platform));
    for (const name of service.requiredEnv) {
      const value = serviceEnv[name];
      const checkName = `service:${service.id}:env:${name}`;
      // Set to "" is set, and still refused (services/service-runner.ts): say which it is.
      if (value === undefined) checks.push(check(checkName, 'critical', W.envMissing(who, name)));
      else if (value === '') checks.push(check(checkName, 'critical', W.envEmpty(who, name)));
      else checks.push(check(checkName, 'ok', W.envSet(name)));
    }
  }
  const excluded = platform === 'win32' ? await (deps.readExcludedRanges ?? readExcludedPortRanges)() : null;
  const skipped: string[] = [];
  for (const entry of portsToCheck(config)) {
    const result = await portCheck(entry, deps, platform, excluded);
    if (result) checks.push(result);
    else skipped.push(`port:${entry.port}`);
  }
  checks.push(...(await toolChecks(platform, env, deps.baseDir)));
  return {
    generatedAt: now(),
    checks,
    summary: {
      critical: checks.filter((c) => c.status === 'critical').map((c) => `${c.name}: ${c.message}`),
      warnings: checks.filter((c) => c.status === 'warning').map((c) => `${c.name}: ${c.message}`),
    },
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}
