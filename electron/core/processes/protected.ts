/**
 * Targets the kill transaction refuses to signal, each with a reason a user can act on
 * (docs/architecture.md, "How ports are read and freed", step 2).
 */
import { forwarderKind } from '../owners/forwarders.ts';
import { ancestorsOf } from './descendants.ts';
import type { ProcessIdentity } from '../model/processes.ts';

export interface ProtectionContext {
  platform: NodeJS.Platform;
  /** Our own pid (the CLI, the monitor): never signalled, nor any of its ancestors. */
  selfPid: number;
  /**
   * The process table the decision is made against (for ancestors and kernel threads).
   * Optional: without it only the pid and the name are looked at.
   */
  table?: readonly ProcessIdentity[];
  /** Pids known to be our ancestors when no table is given (e.g. process.ppid). */
  selfAncestors?: readonly number[];
}

/**
 * Well-known system services per platform, by process name. Killing any of them takes the
 * machine, the session or remote access down with it, so "free port 22" must not do it.
 */
const SYSTEM_SERVICES: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  linux: [
    'systemd',
    'init',
    'kthreadd',
    'dbus-daemon',
    'dbus-broker',
    'sshd',
    'login',
    'agetty',
    'polkitd',
    'udevd',
    'rsyslogd',
    'containerd',
    'dockerd',
    'NetworkManager',
    'wpa_supplicant',
  ],
  darwin: [
    'launchd',
    'kernel_task',
    'WindowServer',
    'loginwindow',
    'configd',
    'mDNSResponder',
    'syslogd',
    'notifyd',
    'opendirectoryd',
    'securityd',
    'coreservicesd',
    'UserEventAgent',
    'sshd',
    'distnoted',
    'cfprefsd',
  ],
  win32: [
    'system',
    'idle',
    'system idle process',
    'registry',
    'memory compression',
    'secure system',
    'smss.exe',
    'csrss.exe',
    'wininit.exe',
    'winlogon.exe',
    'services.exe',
    'lsass.exe',
    'lsaiso.exe',
    'svchost.exe',
    'fontdrvhost.exe',
    'dwm.exe',
    'spoolsv.exe',
    'sshd.exe',
  ],
};

/** Linux: names of the `systemd-*` helpers (resolved, journald, networkd, …) are all system. */
const LINUX_SYSTEM_PREFIXES = ['systemd-'];

/** Name of a process as compared against the lists: basename, case-folded on Windows. */
function normalisedName(target: ProcessIdentity, platform: NodeJS.Platform): string | null {
  const raw = target.name ?? (target.command ? (target.command.trim().split(/\s+/)[0] ?? null) : null);
  if (!raw) return null;
  const base = raw.split(/[\\/]/).pop() ?? raw;
  return platform === 'win32' ? base.toLowerCase() : base;
}

/** Is `name` a well-known system service on `platform`? */
export function isSystemServiceName(name: string, platform: NodeJS.Platform): boolean {
  const list = SYSTEM_SERVICES[platform] ?? SYSTEM_SERVICES.linux ?? [];
  const n = platform === 'win32' ? name.toLowerCase() : name;
  if (list.includes(n)) return true;
  if (platform === 'linux') return LINUX_SYSTEM_PREFIXES.some((prefix) => n.startsWith(prefix));
  return false;
}

/**
 * Why `target` must not be signalled, or null when it may be.
 *
 * Refused: pid 0, 1 and 4 (kernel/idle, init/launchd, Windows "System"), Linux kernel
 * threads (pid 2 and its children), our own process and every ancestor of it (killing the
 * shell or terminal that runs us), well-known system services by name, and port forwarders
 * (docker-proxy, com.docker.backend, wslrelay.exe: owners/forwarders.ts).
 */
export function protectionReason(target: ProcessIdentity, ctx: ProtectionContext): string | null {
  const { pid } = target;
  const name = normalisedName(target, ctx.platform);
  const label = name ? `${name} (pid ${pid})` : `pid ${pid}`;
  if (pid <= 0) return `${label} is the kernel scheduler / idle process`;
  if (pid === 1)
    return `${label} is the init process (${ctx.platform === 'darwin' ? 'launchd' : 'init/systemd'}); killing it takes the whole system down`;
  if (pid === 4 && ctx.platform === 'win32')
    return `${label} is the Windows kernel ("System", http.sys listeners); it cannot be killed — stop the Windows service that registered the URL instead`;
  if (ctx.platform === 'linux' && (pid === 2 || target.ppid === 2)) return `${label} is a kernel thread`;
  if (pid === 4) return `${label}: pid 4 is reserved for the kernel on Windows and is never signalled`;
  if (pid === ctx.selfPid) return `${label} is Portwarden itself`;
  const ancestors = ctx.table ? ancestorsOf(ctx.selfPid, ctx.table) : [];
  if (ancestors.includes(pid) || (ctx.selfAncestors ?? []).includes(pid)) {
    return `${label} is an ancestor of Portwarden (the shell or app that runs it); killing it would kill Portwarden too`;
  }
  if (name && isSystemServiceName(name, ctx.platform)) {
    return `${label} is a system service; stop it through the service manager instead`;
  }
  const forwarder = forwarderKind(target.name, target.command);
  if (forwarder === 'docker')
    return `${label} forwards ports for Docker; killing it does not stop the container behind them — stop the container instead (docker ps, then docker stop <container>)`;
  if (forwarder === 'wsl')
    return `${label} relays ports from a WSL distribution; killing it leaves the server running there — stop the server inside WSL instead`;
  return null;
}
