/**
 * Settings: the saved PortwardenConfig in `<userData>/portwarden.json`, kept by
 * electron-store and validated with the same JSON Schema as a project file.
 */
import { app } from 'electron';
import Store from 'electron-store';
import path from 'node:path';
import { renameSync } from 'node:fs';
import { PORTWARDEN_SCHEMA } from '../core/config/index.ts';
import type { PortwardenConfig } from '../core/control/contract.ts';
import { SETTINGS_STORE_NAME, storeSchemaParts } from './settings-schema.ts';
import { messageOf } from '../core/control/contract.ts';

export interface Settings {
  /** The saved config (defaults filled in). */
  load(): PortwardenConfig;
  save(config: PortwardenConfig): void;
  /** Absolute path of the settings file. */
  readonly path: string;
}

export interface SettingsOptions {
  defaults: PortwardenConfig;
  log(line: string): void;
}

function open(options: SettingsOptions): Store<PortwardenConfig> {
  const parts = storeSchemaParts(PORTWARDEN_SCHEMA);
  return new Store<PortwardenConfig>({
    name: SETTINGS_STORE_NAME,
    schema: parts.schema as never,
    rootSchema: parts.rootSchema,
    defaults: options.defaults,
    // A hand-edited file with a mistake must not be wiped silently: we move it aside.
    clearInvalidConfig: false,
  });
}

export function openSettings(options: SettingsOptions): Settings {
  let store: Store<PortwardenConfig>;
  try {
    store = open(options);
  } catch (error) {
    // Only a file that is not JSON or does not match the schema is moved aside; anything
    // else (a permission error, …) is not the file's fault and is reported as it is.
    const message = messageOf(error);
    if (!(error instanceof SyntaxError) && !/schema violation/i.test(message)) throw error;
    // Keep the bad file for the user to fix, start from defaults.
    const file = path.join(app.getPath('userData'), `${SETTINGS_STORE_NAME}.json`);
    const aside = `${file}.invalid-${Date.now()}`;
    try {
      renameSync(file, aside);
    } catch {
      // Nothing to move.
    }
    options.log(`settings file was invalid (${message}); moved to ${aside}`);
    store = open(options);
  }
  return {
    path: store.path,
    load: () => store.store,
    save: (config) => {
      store.store = config;
    },
  };
}
