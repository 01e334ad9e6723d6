/**
 * The project file `portwarden.json` (and the Electron settings store, same schema).
 * The JSON Schema in `portwarden.schema.json` is the source of truth for validation;
 * these types mirror it.
 */
export interface HealthConfig {
  /** URL probed over HTTP; its status and latency decide the port's health. */
  url?: string;
  /** Paths probed relative to `url`'s origin; each must answer `expectStatus` (seed 001). */
  routes?: string[];
  expectStatus?: number;
  timeoutMs?: number;
  intervalMs?: number;
  /** Plain TCP connect probe instead of (or besides) HTTP. */
  tcp?: boolean;
}

export interface WatchedPortConfig {
  port: number;
  name?: string;
  /** Id of the managed service that should own this port. */
  service?: string;
  health?: HealthConfig;
}

export interface ServiceConfig {
  id: string;
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  requiredEnv?: string[];
  port?: number;
  autoRestart?: boolean;
  graceMs?: number;
  /** Start when Portwarden starts. */
  autoStart?: boolean;
}

export interface ProductServiceConfig {
  enabled: boolean;
  port: number;
  host?: string;
  productsFile?: string | null;
  dbFile?: string | null;
  redisUrl?: string | null;
}

export interface PortwardenConfig {
  pollIntervalMs: number;
  ports: WatchedPortConfig[];
  services: ServiceConfig[];
  productService: ProductServiceConfig;
}
