/**
 * The tray menu's plain descriptors (no Electron types; tray.ts turns them into a Menu) and
 * the small builders tray-menu.ts and tray-listening.ts share.
 */
import type { TrayAction } from './tray-actions.ts';
import { visibleText } from '../core/vocabulary/index.ts';

/** One menu entry. `action` is what a click does; items without one are informational. */
export interface MenuItemDescriptor {
  /** Stable id (tests and the e2e read the menu by id). */
  id: string;
  type: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label: string;
  enabled: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: MenuItemDescriptor[];
}

export function item(id: string, label: string, action?: TrayAction, enabled = true): MenuItemDescriptor {
  return { id, type: 'normal', label, enabled: enabled && action !== undefined, ...(action ? { action } : {}) };
}

export function separator(id: string): MenuItemDescriptor {
  return { id, type: 'separator', label: '', enabled: true };
}

/**
 * Menu labels treat `&` as an accelerator marker on Windows; double it so names print as
 * they are. Control characters (a newline in a process name would make a second line in
 * the menu) are shown as visible escapes (core/vocabulary/visible-text.ts).
 */
export function escapeLabel(text: string): string {
  return visibleText(text).replace(/&/g, '&&');
}
