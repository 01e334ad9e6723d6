/**
 * Diagnostics (seed 002, generalised): runtime, config, commands on PATH, required
 * environment, port availability by a real test bind with the reason when it fails, and the
 * OS tools the snapshot needs. Each check is {name, status, message, details}.
 */
import { resolve } from 'node:path';
import type { DiagnosticCheck, Diagnostics, ServiceStatus } from '../control/contract.ts';
import type { PortwardenConfig } from '../config/types.ts';
import { SERVICE_DEFAULTS } from '../config/defaults.ts';
import type { ListenerRecord } from '../ports/types.ts';
import { tryBind as realTryBind } from './bind-test.ts';
import type { BindOutcome } from './bind-test.ts';
import { commandProgram, findOnPath, isShellBuiltin } from './find-on-path.ts';
import { rangeContaining, readExcludedPortRanges } from './excluded-ports.ts';
import type { PortRange } from './excluded-ports.ts';

export interface DiagnosticsDeps {
  config: PortwardenConfig;
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
  /** Windows only (default: netsh). */
  readExcludedRanges?: () => Promise<PortRange[] | null>;
  nodeVersion?: string;
}

const MIN_NODE = [22, 13];

function check(name: string, status: DiagnosticCheck['status'], message: string, details?: Record<string, unknown>): DiagnosticCheck {
  return details ? { name, status, message, details } : { name, status, message };
}

function owners(listeners: readonly ListenerRecord[]): string {
  const seen = new Map<string, string>();
  for (const l of listeners) {
    const key = String(l.pid);
    if (!seen.has(key)) seen.set(key, l.pid === null ? 'a process not visible to this user' : `${l.name ?? 'unknown'} (pid ${l.pid})`);
  }
  return [...seen.values()].join(', ');
}

function runtimeCheck(platform: NodeJS.Platform, nodeVersion: string): DiagnosticCheck {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const tooOld = major < MIN_NODE[0]! || (major === MIN_NODE[0] && minor < MIN_NODE[1]!);
  const details = { node: nodeVersion, platform, arch: process.arch };
  return tooOld
    ? check('runtime', 'critical', `Node ${nodeVersion} is older than ${MIN_NODE.join('.')}; run through npm scripts (they use the pinned Node 24)`, details)
    : check('runtime', 'ok', `Node ${nodeVersion} on ${platform}/${process.arch}`, details);
}

async function toolChecks(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, cwd: string): Promise<DiagnosticCheck[]> {
  const wanted: { tool: string; missing: DiagnosticCheck['status']; why: string }[] =
    platform === 'linux'
      ? [
          { tool: 'ss', missing: 'warning', why: 'fast listener snapshot (without it Portwarden reads /proc, slower)' },
          { tool: 'perl', missing: 'warning', why: 'cheap change check between polls over netlink (without it every poll reads the listener table fully, more CPU)' },
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
        ? check(`tool:${tool}`, 'ok', `${tool} found at ${found}`, { path: found })
        : check(`tool:${tool}`, missing, `${tool} not found on PATH; needed for the ${why}`);
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
  product: boolean;
  host: string | null;
}

/** Every port Portwarden would bind or watch, with the service expected on it. */
function portsToCheck(config: PortwardenConfig): PortToCheck[] {
  const out = new Map<number, PortToCheck>();
  for (const s of config.services) if (s.port !== undefined) out.set(s.port, { port: s.port, service: s.id, product: false, host: null });
  for (const p of config.ports) if (!out.has(p.port)) out.set(p.port, { port: p.port, service: p.service ?? null, product: false, host: null });
  const ps = config.productService;
  if (ps.enabled && ps.port > 0) out.set(ps.port, { port: ps.port, service: null, product: true, host: ps.host ?? '127.0.0.1' });
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
): Promise<DiagnosticCheck> {
  const { port, service } = entry;
  const name = `port:${port}`;
  const bind = deps.tryBind ?? realTryBind;
  const range = excluded ? rangeContaining(port, excluded) : null;
  if (range) {
    return check(name, 'critical', `port ${port} is in a Windows excluded port range ${range.start}-${range.end}${range.administered ? ' (administered)' : ' (reserved by Hyper-V, WSL or Docker)'}: nothing can bind it; pick another port or change the reservation with netsh`, { port, range });
  }
  const live = service ? (deps.serviceStatus?.(service) ?? null) : null;
  const status = live?.status ?? null;
  if (live !== null && status !== null && (live.pid !== null || status === 'starting' || status === 'backoff')) {
    const listeners = await listenersOn(deps, port);
    if (listeners.length === 0) {
      return check(name, 'ok', `port ${port} is kept for service ${service} (${status}); nothing listens yet, and no test bind is made while it may be binding`, { port, service, serviceStatus: status });
    }
    return listenerCheck(entry, deps, listeners, { port, service, serviceStatus: status });
  }
  // Bind the dual-stack wildcard: it collides with a listener on any address of the port.
  let host = entry.host ?? '::';
  let outcome = await bind(port, host);
  if (!outcome.ok && entry.host === null && (outcome.code === 'EAFNOSUPPORT' || outcome.code === 'EADDRNOTAVAIL')) {
    host = '0.0.0.0';
    outcome = await bind(port, host);
  }
  const details: Record<string, unknown> = { port, host, ...(service ? { service } : {}), ...(entry.product ? { service: 'product-service' } : {}) };
  if (outcome.ok) return check(name, 'ok', `port ${port} is free (a test bind on ${host} succeeded)`, details);
  details.code = outcome.code;
  switch (outcome.code) {
    case 'EACCES':
      if (platform === 'win32') return check(name, 'critical', `port ${port}: access denied on bind (an excluded port range or a firewall policy)`, details);
      return port < 1024
        ? check(name, 'critical', `port ${port} is privileged (< 1024): binding it needs root or CAP_NET_BIND_SERVICE; pick a port >= 1024`, details)
        : check(name, 'critical', `port ${port}: permission denied on bind (${outcome.message})`, details);
    case 'EADDRNOTAVAIL':
      return check(name, 'critical', `address ${host} is not an address of this machine, so port ${port} cannot be bound on it`, details);
    case 'EADDRINUSE': {
      const listeners = await listenersOn(deps, port);
      if (listeners.length === 0) {
        return check(name, 'warning', `port ${port} cannot be bound but nothing visible listens: another network namespace (container, WSL) or a socket bound without listening`, { ...details, listeners: [] });
      }
      return listenerCheck(entry, deps, listeners, details);
    }
    default:
      return check(name, 'warning', `port ${port}: test bind failed with ${outcome.code} (${outcome.message})`, details);
  }
}

/** Judge a port that has listeners: expected owners are ok, anyone else is named. */
async function listenerCheck(entry: PortToCheck, deps: DiagnosticsDeps, listeners: readonly ListenerRecord[], baseDetails: Record<string, unknown>): Promise<DiagnosticCheck> {
  const { port, service } = entry;
  const name = `port:${port}`;
  const details: Record<string, unknown> = { ...baseDetails, listeners: listeners.map((l) => ({ pid: l.pid, name: l.name, address: l.address })) };
  if (listeners.every((l) => l.pid === null)) {
    return check(name, service || entry.product ? 'critical' : 'warning', `port ${port} is in use by another user's process or one in another namespace (owner not visible; run elevated to see it)`, details);
  }
  if (entry.product) {
    const isOurs = deps.isProductService ?? ((pid: number) => pid === process.pid);
    const foreign = listeners.filter((l) => l.pid === null || !isOurs(l.pid));
    if (foreign.length === 0) return check(name, 'ok', `port ${port} is in use by the embedded product service (expected)`, details);
    return check(name, 'critical', `port ${port} is held by ${owners(foreign)}, so the product service cannot bind it`, details);
  }
  if (service) {
    const foreign: ListenerRecord[] = [];
    for (const l of listeners) if (l.pid === null || !(await deps.isManaged(service, l.pid))) foreign.push(l);
    if (foreign.length === 0) return check(name, 'ok', `port ${port} is in use by service ${service} (expected)`, details);
    return check(name, 'critical', `port ${port} is held by ${owners(foreign)}, so service ${service} cannot bind it`, details);
  }
  return check(name, 'ok', `port ${port} is in use by ${owners(listeners)}`, details);
}

export async function runDiagnostics(deps: DiagnosticsDeps): Promise<Diagnostics> {
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const checks: DiagnosticCheck[] = [runtimeCheck(platform, deps.nodeVersion ?? process.version)];
  checks.push(
    deps.configError
      ? check('config', 'critical', deps.configError, deps.configPath ? { path: deps.configPath } : undefined)
      : check('config', 'ok', deps.configPath ? `config ${deps.configPath} is valid` : 'no config file; using defaults', deps.configPath ? { path: deps.configPath } : undefined),
  );
  const config = deps.config;
  for (const service of config.services) {
    const cwd = resolve(deps.baseDir, service.cwd ?? SERVICE_DEFAULTS.cwd);
    const program = commandProgram(service.command);
    const serviceEnv = { ...env, ...(service.env ?? {}) };
    if (program === null) checks.push(check(`service:${service.id}:command`, 'critical', `service ${service.id} has an empty command`));
    else if (isShellBuiltin(program)) checks.push(check(`service:${service.id}:command`, 'ok', `service ${service.id} starts with the shell builtin ${program}`));
    else {
      const found = await findOnPath(program, { cwd, env: serviceEnv, platform });
      checks.push(
        found
          ? check(`service:${service.id}:command`, 'ok', `${program} found at ${found}`, { program, path: found })
          : check(`service:${service.id}:command`, 'critical', `service ${service.id}: ${program} not found on PATH`, { program, cwd }),
      );
    }
    for (const name of service.requiredEnv ?? []) {
      const set = serviceEnv[name] !== undefined && serviceEnv[name] !== '';
      checks.push(
        set
          ? check(`service:${service.id}:env:${name}`, 'ok', `${name} is set`)
          : check(`service:${service.id}:env:${name}`, 'critical', `service ${service.id} needs ${name}, which is not set`),
      );
    }
  }
  const excluded = platform === 'win32' ? await (deps.readExcludedRanges ?? readExcludedPortRanges)() : null;
  for (const entry of portsToCheck(config)) checks.push(await portCheck(entry, deps, platform, excluded));
  checks.push(...(await toolChecks(platform, env, deps.baseDir)));
  return {
    generatedAt: now(),
    checks,
    summary: {
      critical: checks.filter((c) => c.status === 'critical').map((c) => `${c.name}: ${c.message}`),
      warnings: checks.filter((c) => c.status === 'warning').map((c) => `${c.name}: ${c.message}`),
    },
  };
}
