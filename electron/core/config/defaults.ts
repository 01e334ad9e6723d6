import type { PortwardenConfig } from '../model/config.ts';

/**
 * The configuration used when there is no portwarden.json: watch nothing, manage nothing,
 * product service off. Mirrors the `default` values in portwarden.schema.json.
 */
export const DEFAULT_CONFIG: Readonly<PortwardenConfig> = Object.freeze({
  pollIntervalMs: 1000,
  ports: [],
  services: [],
  productService: { enabled: false, port: 8010, host: '127.0.0.1', productsFile: null, dbFile: null, redisUrl: null, sharedFilter: false },
});

/** Defaults applied to a service entry that leaves fields out. */
export const SERVICE_DEFAULTS = { cwd: '.', autoRestart: false, graceMs: 3000, autoStart: false, startTimeoutMs: 15_000 } as const;

/** Defaults applied to a port's health block. */
export const HEALTH_DEFAULTS = { expectStatus: 200, timeoutMs: 2000, intervalMs: 5000, tcp: false } as const;

/** A fresh, mutable copy of DEFAULT_CONFIG. */
export function defaultConfig(): PortwardenConfig {
  return structuredClone(DEFAULT_CONFIG) as PortwardenConfig;
}
