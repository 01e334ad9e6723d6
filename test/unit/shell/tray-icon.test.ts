import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_STATES, trayIconDir, trayIconFile, trayTooltip } from '../../../electron/shell/tray-icon.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

describe('tray icon choice', () => {
  it('picks a coloured image per state on Windows and Linux, a Template image on macOS', () => {
    expect(trayIconFile('ok', 'linux')).toBe('tray-ok.png');
    expect(trayIconFile('conflict', 'win32')).toBe('tray-conflict.png');
    expect(trayIconFile('paused', 'darwin')).toBe('tray-pausedTemplate.png');
    expect(trayIconFile('conflict', 'darwin')).toMatch(/Template\.png$/);
  });

  it('every chosen file exists in build/tray with its @2x variant', () => {
    const dir = trayIconDir({ isPackaged: false, resourcesPath: '/nowhere', appPath: repo });
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['linux', 'win32', 'darwin'] as const) {
        const file = path.join(dir, trayIconFile(state, platform));
        expect(existsSync(file), file).toBe(true);
        expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
      }
    }
  });

  it('looks in resources/tray when packaged', () => {
    expect(trayIconDir({ isPackaged: true, resourcesPath: '/opt/Portwarden/resources', appPath: '/x' })).toBe(
      path.join('/opt/Portwarden/resources', 'tray'),
    );
  });

  it('tooltip says the same as the icon: the overall level in words', () => {
    expect(trayTooltip({ overallText: '2 ports in conflict' })).toBe('Portwarden — 2 ports in conflict');
    expect(trayTooltip({ overallText: 'Monitoring paused' })).toBe('Portwarden — Monitoring paused');
  });

  it('has an image for every overall level, each its own file', () => {
    expect([...TRAY_ICON_STATES].sort()).toEqual(['conflict', 'critical', 'degraded', 'ok', 'paused']);
    expect(new Set(TRAY_ICON_STATES.map((s) => trayIconFile(s, 'linux'))).size).toBe(5);
  });
});
