import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../electron/core/config/defaults.ts';
import { PORTWARDEN_SCHEMA } from '../../../electron/core/config/schema.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { SETTINGS_STORE_NAME, storeSchemaParts } from '../../../electron/shell/settings-schema.ts';

// electron-store is conf plus Electron's userData directory; importing it here would load
// 'electron' (which fails in plain Node), so these tests drive conf with the exact options
// settings.ts passes.
const dirs: string[] = [];
function storeIn(dir?: string) {
  const cwd = dir ?? mkdtempSync(path.join(tmpdir(), 'pw-settings-'));
  dirs.push(cwd);
  const parts = storeSchemaParts(PORTWARDEN_SCHEMA);
  const store = new Conf<PortwardenConfig>({
    cwd,
    configName: SETTINGS_STORE_NAME,
    projectName: 'portwarden-test',
    schema: parts.schema as never,
    rootSchema: parts.rootSchema,
    defaults: defaultConfig(),
    clearInvalidConfig: false,
  });
  return { store, cwd };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('settings schema (electron-store with portwarden.schema.json)', () => {
  it('splits the root schema into conf properties and root keywords, without the draft-07 meta reference', () => {
    const parts = storeSchemaParts(PORTWARDEN_SCHEMA);
    expect(Object.keys(parts.schema)).toEqual(expect.arrayContaining(['pollIntervalMs', 'ports', 'services', 'productService']));
    expect(parts.rootSchema).not.toHaveProperty('$schema');
    expect(parts.rootSchema).not.toHaveProperty('properties');
    expect(parts.rootSchema).toHaveProperty('additionalProperties', false);
    expect(() => storeSchemaParts([])).toThrow(TypeError);
    expect(() => storeSchemaParts({ type: 'object' })).toThrow(/properties/);
  });

  it('accepts the default config and writes it as <dir>/portwarden.json', () => {
    const { store, cwd } = storeIn();
    expect(store.store).toEqual(defaultConfig());
    expect(store.path).toBe(path.join(cwd, 'portwarden.json'));
  });

  it('accepts and persists a real project config', () => {
    const { store, cwd } = storeIn();
    const config: PortwardenConfig = {
      pollIntervalMs: 500,
      ports: [{ port: 8000, name: 'api', service: 'api', health: { url: 'http://127.0.0.1:8000/health', routes: ['/health'] } }],
      services: [{ id: 'api', command: 'npm run dev', port: 8000, autoRestart: true }],
      productService: { enabled: true, port: 8010 },
    };
    store.store = config;
    const reopened = storeIn(cwd).store;
    expect(reopened.store).toMatchObject(config);
    expect(JSON.parse(readFileSync(path.join(cwd, 'portwarden.json'), 'utf8')).ports[0].port).toBe(8000);
  });

  it('rejects a bad config on save and leaves the file as it was', () => {
    const { store, cwd } = storeIn();
    const before = readFileSync(store.path, 'utf8');
    expect(() => {
      store.store = { ...defaultConfig(), ports: [{ port: 70000 }] };
    }).toThrow(/port/);
    expect(() => store.set('pollIntervalMs', 'fast' as never)).toThrow(/pollIntervalMs/);
    expect(() => {
      store.store = { ...defaultConfig(), unknownKey: 1 } as never;
    }).toThrow();
    expect(readFileSync(path.join(cwd, 'portwarden.json'), 'utf8')).toBe(before);
  });

  it('refuses to open a hand-edited invalid file instead of wiping it', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'pw-settings-'));
    const bad = JSON.stringify({ ...defaultConfig(), services: [{ id: 'has space', command: '' }] });
    writeFileSync(path.join(cwd, 'portwarden.json'), bad);
    // settings.ts moves such a file aside on exactly these two errors.
    expect(() => storeIn(cwd)).toThrow(/Config schema violation/);
    writeFileSync(path.join(cwd, 'portwarden.json'), '{ not json');
    expect(() => storeIn(cwd)).toThrow(SyntaxError);
    writeFileSync(path.join(cwd, 'portwarden.json'), bad);
    expect(readFileSync(path.join(cwd, 'portwarden.json'), 'utf8')).toBe(bad);
  });
});
