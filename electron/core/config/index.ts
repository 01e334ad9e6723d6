export { DEFAULT_CONFIG, defaultConfig, SERVICE_DEFAULTS, HEALTH_DEFAULTS } from './defaults.ts';
export { PORTWARDEN_SCHEMA } from './schema.ts';
export { ConfigError, validateConfig, fieldName } from './validate-config.ts';
export { loadConfig, parseConfigText, saveConfigFile, CONFIG_FILE_NAME } from './load-config.ts';
export type { LoadedConfig } from './load-config.ts';
export type * from '../model/config.ts';
