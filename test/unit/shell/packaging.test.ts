/* eslint-disable @typescript-eslint/no-explicit-any -- electron-builder configs and parsed YAML are untyped data here */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_STATES, trayIconFile } from '../../../electron/shell/tray-icon.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(repo, 'package.json'));
// electron-builder's own loader and validator (the same code `electron-builder` runs first).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, file: string | null, options: null): Promise<Record<string, any>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = require('js-yaml') as { load(text: string): any };

describe('packaging (electron-builder.yml)', () => {
  it('is a valid electron-builder configuration', async () => {
    const config = await getConfig(repo, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, mac: { ...config.mac, hardenedRuntim: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/);
  });

  it('has a stable appId, ships dist, package.json and the schema, and the tray icons as extra resources', async () => {
    const config = await getConfig(repo, null, null);
    expect(config.appId).toBe('dev.portwarden.app');
    expect(readFileSync(path.join(repo, 'electron/main.ts'), 'utf8')).toContain(`APP_ID = '${config.appId}'`);
    expect(config.productName).toBe('Portwarden');
    const files = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'package.json', 'portwarden.schema.json']));
    expect(config.extraResources).toEqual([{ from: 'build/tray', to: 'tray', filter: ['*.png'] }]);
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['darwin', 'linux'] as const)
        expect(existsSync(path.join(repo, 'build/tray', trayIconFile(state, platform)))).toBe(true);
    }
  });

  it('targets NSIS on Windows, a hardened-runtime dmg on macOS, AppImage on Linux, with icons and entitlements in build/', async () => {
    const config = await getConfig(repo, null, null);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage']);
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit, config.mac.icon, config.win.icon]) {
      expect(existsSync(path.join(repo, file)), file).toBe(true);
    }
    expect(existsSync(path.join(repo, config.linux.icon, '512x512.png'))).toBe(true);
    expect(readFileSync(path.join(repo, config.mac.entitlements), 'utf8')).toContain('com.apple.security.cs.allow-jit');
  });

  it('turns off the fuses that would let the packaged app run as a plain Node runtime, and file:// extra privileges', async () => {
    const config = await getConfig(repo, null, null);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Nothing of ours loads from file:// any more: the window is served over app://.
    for (const file of ['electron/shell/window.ts', 'electron/main.ts']) {
      const text = readFileSync(path.join(repo, file), 'utf8');
      expect(text, file).not.toMatch(/loadFile\(|pathToFileURL/);
    }
    expect(config.asar).toBe(true);
  });

  it('CI runs the suite, the Electron e2e under xvfb and electron-builder --dir on Ubuntu, Windows and macOS with Node 24', () => {
    const workflow = yaml.load(readFileSync(path.join(repo, '.github/workflows/ci.yml'), 'utf8'));
    const job = Object.values(workflow.jobs as Record<string, any>)[0];
    expect(job.strategy.matrix.os).toEqual(expect.arrayContaining(['ubuntu-latest', 'windows-latest', 'macos-latest']));
    const steps = JSON.stringify(job.steps);
    expect(steps).toContain('"node-version":"24"');
    for (const needle of [
      'npm ci',
      'npm test',
      'xvfb-run',
      'PORTWARDEN_REQUIRE_ELECTRON',
      'node node_modules/electron/install.js',
      'npx electron-builder --dir',
    ])
      expect(steps).toContain(needle);
    // Anything that runs an installed package (playwright, electron, electron-builder) comes
    // after `npm ci`: before it, node_modules does not exist on a fresh runner.
    const list = job.steps as { run?: string }[];
    const install = list.findIndex((step) => step.run?.includes('npm ci'));
    expect(install).toBeGreaterThanOrEqual(0);
    list.forEach((step, i) => {
      if (/npx |node_modules|require\(/.test(step.run ?? '')) expect(i, step.run).toBeGreaterThan(install);
    });
  });
});
