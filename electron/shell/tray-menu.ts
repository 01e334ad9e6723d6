/**
 * The tray menu as a pure function of ControlState: plain descriptors, no Electron types,
 * rebuilt on every state change (tray.ts turns them into a Menu). One line per watched
 * port with its status and a submenu of fixes, then the app-level items.
 */
import type { ControlState, PortState, SeenOwner, ServiceState } from '../core/control/contract.ts';
import type { AllListeners } from '../core/control/contract.ts';
import { listeningNowItems } from './tray-listening.ts';
import type { MenuItemDescriptor } from './tray-menu-items.ts';
import { escapeLabel, item, separator } from './tray-menu-items.ts';

export type { MenuItemDescriptor } from './tray-menu-items.ts';

export interface TrayMenuFlags {
  /** Current OS login-item setting. */
  startAtLogin: boolean;
  /** False where the OS has no login items we can set (most Linux desktops). */
  startAtLoginSupported: boolean;
}

const STATUS_WORDS: Record<PortState['status'], string> = {
  free: 'free',
  ok: 'ok',
  conflict: 'CONFLICT',
  unhealthy: 'unhealthy',
  down: 'down',
};

/** "python3 (4121)" for a listener; "pid 4121" when the name is unknown. */
function processLabel(name: string | null, pid: number): string {
  return name ? `${escapeLabel(name)} (${pid})` : `pid ${pid}`;
}

/** "8000 api — CONFLICT: python3 (4121)" */
export function portLine(port: PortState): string {
  const name = port.name ? ` ${escapeLabel(port.name)}` : '';
  let line = `${port.port}${name} — ${STATUS_WORDS[port.status]}`;
  const holders = uniquePids(port).map((l) => processLabel(l.name, l.pid));
  if (port.status === 'conflict' && holders.length > 0) line += `: ${holders.join(', ')}`;
  else if (port.status !== 'free' && port.listeners.length > 0 && holders.length === 0) line += ' (owner not visible)';
  return line;
}

interface Owner {
  pid: number;
  name: string | null;
  command: string | null;
  startTime: string | null;
}

/** Listeners with a visible pid, one per pid (IPv4 and IPv6 rows of one process collapse). */
function uniquePids(port: PortState): Owner[] {
  const seen = new Map<number, Owner>();
  for (const l of port.listeners) {
    if (l.pid !== null && !seen.has(l.pid))
      seen.set(l.pid, { pid: l.pid, name: l.name, command: l.command, startTime: l.startTime ?? null });
  }
  return [...seen.values()];
}

/** What a click sends so nothing else is signalled if the owners changed: pid, start time, command line. */
export function seenOwners(port: PortState): SeenOwner[] {
  return uniquePids(port).map((o) => ({
    pid: o.pid,
    ...(o.startTime ? { startTime: o.startTime } : {}),
    ...(o.command ? { command: o.command } : {}),
  }));
}

function portSubmenu(port: PortState, service: ServiceState | undefined): MenuItemDescriptor[] {
  const id = `port-${port.port}`;
  const owners = uniquePids(port);
  const entries: MenuItemDescriptor[] = [
    item(`${id}-free`, 'Free port', { type: 'free-port', port: port.port, owners: seenOwners(port) }, port.listeners.length > 0),
  ];
  for (const owner of owners) {
    const seen = { ...(owner.command ? { command: owner.command } : {}), ...(owner.startTime ? { startTime: owner.startTime } : {}) };
    entries.push(
      item(`${id}-kill-${owner.pid}`, `Kill ${processLabel(owner.name, owner.pid)}`, {
        type: 'kill-process',
        pid: owner.pid,
        port: port.port,
        ...seen,
      }),
    );
  }
  if (port.service !== null) {
    entries.push(item(`${id}-restart`, 'Restart service', { type: 'restart-service', serviceId: port.service }));
  }
  // "Copy command": the managed service's command when there is one (to run it by hand),
  // else the command line of what holds the port (to see exactly what it is).
  const command = service?.command ?? owners.find((o) => o.command)?.command ?? null;
  entries.push(item(`${id}-copy`, 'Copy command', command ? { type: 'copy-text', text: command } : undefined));
  entries.push(item(`${id}-open`, 'Show in dashboard', { type: 'open-dashboard', port: port.port }));
  return entries;
}

/** The summary line at the top: the overall level in the same words as the icon's tooltip. */
export function summaryLine(state: ControlState): string {
  return `Portwarden — ${state.overallText}`;
}

/**
 * The whole tray menu for `state`. `listening`: the All listeners rows for the "Listening
 * now" submenu (null while not read yet).
 */
export function buildTrayMenu(state: ControlState, flags: TrayMenuFlags, listening: AllListeners | null = null): MenuItemDescriptor[] {
  const services = new Map(state.services.map((s) => [s.id, s]));
  const menu: MenuItemDescriptor[] = [item('summary', summaryLine(state)), separator('sep-ports')];
  for (const port of state.ports) {
    menu.push({
      id: `port-${port.port}`,
      type: 'submenu',
      label: portLine(port),
      enabled: true,
      submenu: portSubmenu(port, port.service ? services.get(port.service) : undefined),
    });
  }
  if (state.ports.length === 0) menu.push(item('no-ports', 'No watched ports — watch one from Listening now'));
  menu.push(
    separator('sep-listening'),
    { id: 'listening', type: 'submenu', label: 'Listening now', enabled: true, submenu: listeningNowItems(listening?.rows ?? null) },
    separator('sep-app'),
    item('open-dashboard', 'Open dashboard', { type: 'open-dashboard' }),
    item('import-project-file', 'Import project file…', { type: 'import-project-file' }),
    {
      id: 'pause',
      type: 'checkbox',
      label: 'Pause monitoring',
      enabled: true,
      checked: state.paused,
      action: { type: 'set-paused', paused: !state.paused },
    },
    {
      id: 'start-at-login',
      type: 'checkbox',
      label: 'Start at login',
      enabled: flags.startAtLoginSupported,
      checked: flags.startAtLogin,
      action: { type: 'set-start-at-login', enabled: !flags.startAtLogin },
    },
    separator('sep-quit'),
    item('quit', 'Quit Portwarden', { type: 'quit' }),
  );
  return menu;
}

/** Find an item by id anywhere in the tree (tests, the e2e hook). */
export function findMenuItem(menu: readonly MenuItemDescriptor[], id: string): MenuItemDescriptor | undefined {
  for (const entry of menu) {
    if (entry.id === id) return entry;
    const inner = entry.submenu ? findMenuItem(entry.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
