import { describe, expect, it } from 'vitest';
import { buildTrayMenu, findMenuItem, portLine, summaryLine } from '../../../electron/shell/tray-menu.ts';
import type { MenuItemDescriptor } from '../../../electron/shell/tray-menu.ts';
import { conflictState, controlState, listener, portState } from '../../fixtures/shell/states.ts';

const flags = { startAtLogin: false, startAtLoginSupported: true };

function labels(items: MenuItemDescriptor[] | undefined): string[] {
  return (items ?? []).map((i) => i.label);
}

describe('tray menu model', () => {
  it('has one line per watched port, then Open dashboard, Pause, Start at login, Quit', () => {
    const menu = buildTrayMenu(conflictState(), flags);
    const ports = menu.filter((i) => i.id.startsWith('port-'));
    expect(ports.map((p) => p.id)).toEqual(['port-8000', 'port-3000']);
    expect(ports[0]!.label).toBe('8000 api — CONFLICT: python3 (4121)');
    expect(ports[1]!.label).toBe('3000 web — free');
    const tail = menu
      .filter((i) => i.type !== 'separator')
      .slice(-5)
      .map((i) => i.label);
    expect(tail).toEqual(['Open dashboard', 'Import project file…', 'Pause monitoring', 'Start at login', 'Quit Portwarden']);
    expect(menu[0]).toMatchObject({ id: 'summary', label: 'Portwarden — 1 port in conflict', enabled: false });
  });

  it('port submenu offers Free port, Kill <name> (<pid>) once per process, Restart service, Copy command', () => {
    const menu = buildTrayMenu(conflictState(), flags);
    const sub = findMenuItem(menu, 'port-8000')!.submenu;
    // The IPv4 and IPv6 rows of pid 4121 collapse into one Kill entry.
    expect(labels(sub)).toEqual(['Free port', 'Kill python3 (4121)', 'Restart service', 'Copy command', 'Show in dashboard']);
    // The owners shown travel with the click: if another process holds the port by then, nothing is signalled.
    expect(findMenuItem(menu, 'port-8000-free')!.action).toEqual({
      type: 'free-port',
      port: 8000,
      owners: [{ pid: 4121, command: 'python3 -m http.server 8000' }],
    });
    expect(findMenuItem(menu, 'port-8000-kill-4121')!.action).toEqual({
      type: 'kill-process',
      pid: 4121,
      port: 8000,
      command: 'python3 -m http.server 8000',
    });
    expect(findMenuItem(menu, 'port-8000-restart')!.action).toEqual({ type: 'restart-service', serviceId: 'api' });
    // With a managed service, Copy command copies the service's command.
    expect(findMenuItem(menu, 'port-8000-copy')!.action).toEqual({ type: 'copy-text', text: 'npm run dev' });
  });

  it('disables Free port and Copy command on a free port and offers no Kill or Restart', () => {
    const menu = buildTrayMenu(conflictState(), flags);
    const sub = findMenuItem(menu, 'port-3000')!.submenu!;
    expect(labels(sub)).toEqual(['Free port', 'Copy command', 'Show in dashboard']);
    expect(sub.find((i) => i.label === 'Free port')!.enabled).toBe(false);
    expect(sub.find((i) => i.label === 'Copy command')!.enabled).toBe(false);
  });

  it('copies the holder command line when no service is configured', () => {
    const state = controlState([portState(5432, { status: 'ok', listeners: [listener(5432, 77, 'postgres')] })]);
    const copy = findMenuItem(buildTrayMenu(state, flags), 'port-5432-copy')!;
    expect(copy.action).toEqual({ type: 'copy-text', text: 'postgres -m http.server 5432' });
  });

  it('reports an owner that is not visible instead of calling the port free', () => {
    const port = portState(6379, { status: 'ok', listeners: [listener(6379, null, null)] });
    expect(portLine(port)).toBe('6379 — ok (owner not visible)');
    const sub = findMenuItem(buildTrayMenu(controlState([port]), flags), 'port-6379')!.submenu!;
    expect(sub.find((i) => i.label === 'Free port')!.enabled).toBe(true);
    expect(sub.some((i) => i.label.startsWith('Kill'))).toBe(false);
  });

  it('Pause monitoring is a checkbox that toggles, Start at login follows the flags', () => {
    const running = buildTrayMenu(conflictState(), flags);
    expect(findMenuItem(running, 'pause')).toMatchObject({
      type: 'checkbox',
      checked: false,
      action: { type: 'set-paused', paused: true },
    });
    const paused = buildTrayMenu(controlState([], { paused: true }), { startAtLogin: true, startAtLoginSupported: true });
    expect(findMenuItem(paused, 'pause')).toMatchObject({ checked: true, action: { type: 'set-paused', paused: false } });
    expect(findMenuItem(paused, 'start-at-login')).toMatchObject({
      checked: true,
      enabled: true,
      action: { type: 'set-start-at-login', enabled: false },
    });
    const linux = buildTrayMenu(controlState([]), { startAtLogin: false, startAtLoginSupported: false });
    expect(findMenuItem(linux, 'start-at-login')!.enabled).toBe(false);
  });

  it('summary line says paused, conflict, critical, down/unhealthy, ok or nothing watched', () => {
    expect(summaryLine(controlState([], { paused: true }))).toBe('Portwarden — Monitoring paused');
    expect(summaryLine(controlState([portState(1, { status: 'down' }), portState(2, { status: 'unhealthy' })]))).toBe(
      'Portwarden — 2 ports down or unhealthy',
    );
    expect(summaryLine(controlState([portState(1, { status: 'down' })], { critical: ['config: x', 'service:a:env:B: y'] }))).toBe(
      'Portwarden — 2 critical problems',
    );
    expect(summaryLine(controlState([portState(1, { status: 'ok' })]))).toBe('Portwarden — All watched ports OK');
    expect(summaryLine(controlState([]))).toBe('Portwarden — No ports watched');
    expect(findMenuItem(buildTrayMenu(controlState([]), flags), 'no-ports')!.enabled).toBe(false);
  });

  it('escapes & in process names so Windows does not eat it as an accelerator', () => {
    const port = portState(9000, { status: 'conflict', conflicts: [], listeners: [listener(9000, 5, 'R&D')] });
    expect(portLine(port)).toBe('9000 — CONFLICT: R&&D (5)');
  });

  it('is pure: same state, same menu; the input is not changed', () => {
    const state = conflictState();
    const before = JSON.stringify(state);
    expect(buildTrayMenu(state, flags)).toEqual(buildTrayMenu(state, flags));
    expect(JSON.stringify(state)).toBe(before);
  });
});
