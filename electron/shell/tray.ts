/**
 * The tray icon: Electron adapter over tray-menu.ts and tray-icon.ts. Rebuilds the menu
 * and icon on every state change; a click on an item performs its TrayAction.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { AllListeners, ControlState } from '../core/control/contract.ts';
import type { TrayAction } from './tray-actions.ts';
import { trayIconFile, trayTooltip } from './tray-icon.ts';
import { buildTrayMenu } from './tray-menu.ts';
import type { MenuItemDescriptor, TrayMenuFlags } from './tray-menu.ts';

export interface TrayOptions {
  iconDir: string;
  platform: NodeJS.Platform;
  flags(): TrayMenuFlags;
  perform(action: TrayAction): void;
  /** Left click (Windows/Linux; macOS shows the menu instead). */
  onClick(): void;
}

export interface PortwardenTray {
  update(state: ControlState): void;
  /** New rows for "Listening now" (the menu is rebuilt with the last state). */
  setListening(listening: AllListeners): void;
  /** Called when the user clicks the tray icon (the menu is about to show on some systems). */
  onOpen(fn: () => void): void;
  /** The last descriptors shown (read by the e2e test hook). */
  lastMenu(): MenuItemDescriptor[];
  destroy(): void;
}

function toElectron(items: readonly MenuItemDescriptor[], perform: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((d): MenuItemConstructorOptions => {
    if (d.type === 'separator') return { id: d.id, type: 'separator' };
    const click = d.action ? () => perform(d.action as TrayAction) : undefined;
    return {
      id: d.id,
      label: d.label,
      type: d.type,
      enabled: d.enabled,
      ...(d.type === 'checkbox' ? { checked: Boolean(d.checked) } : {}),
      ...(d.submenu ? { submenu: toElectron(d.submenu, perform) } : {}),
      ...(click ? { click } : {}),
    };
  });
}

export function createTray(initial: ControlState, options: TrayOptions): PortwardenTray {
  const image = (state: ControlState['overall']) =>
    nativeImage.createFromPath(path.join(options.iconDir, trayIconFile(state, options.platform)));
  const tray = new Tray(image(initial.overall));
  let menu: MenuItemDescriptor[] = [];
  let icon: ControlState['overall'] | null = initial.overall;
  // On macOS a click opens the context menu; elsewhere a left click opens the dashboard.
  if (options.platform !== 'darwin') tray.on('click', () => options.onClick());

  let menuKey = '';
  let listening: AllListeners | null = null;
  let last = initial;
  const update = (state: ControlState) => {
    last = state;
    const next = buildTrayMenu(state, options.flags(), listening);
    // Every health probe sends a state; rebuilding an unchanged menu makes it flicker (or
    // close while open) on Linux, so set it only when what it shows changed.
    const key = JSON.stringify(next);
    if (key !== menuKey) {
      menuKey = key;
      menu = next;
      tray.setContextMenu(Menu.buildFromTemplate(toElectron(menu, options.perform)));
    }
    if (icon !== state.overall) {
      icon = state.overall;
      tray.setImage(image(state.overall));
    }
    tray.setToolTip(trayTooltip(state));
  };
  update(initial);

  return {
    update,
    setListening: (all) => {
      listening = all;
      update(last);
    },
    onOpen: (fn) => {
      tray.on('click', fn);
      tray.on('right-click', fn);
    },
    lastMenu: () => menu,
    destroy: () => tray.destroy(),
  };
}
