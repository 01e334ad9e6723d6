/**
 * The project file `portwarden.json` (and the Electron settings store, same schema).
 * The JSON Schema in `portwarden.schema.json` is the source of truth for validation;
 * these types mirror it.
 */
/**
 * Service ids: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit; short,
 * printable, safe in URLs and IPC channel names. The one definition: the control API's
 * parser, the config validator's words and the dashboard's form use it, and
 * test/unit/config/schema-in-step.test.ts checks portwarden.schema.json says the same.
 */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

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

/**
 * Who should own a port that Portwarden does not run (a systemd unit, a shell loop, docker):
 * every given field must match the listener's process (monitor/owner-match.ts).
 */
export interface OwnerMatcher {
  /** A substring of the command line. */
  command?: string;
  /** The user name the process runs as. */
  user?: string;
  /** A prefix of the process's working directory. */
  cwd?: string;
  /** The systemd unit, read from /proc/PID/cgroup (Linux). */
  unit?: string;
}

export interface WatchedPortConfig {
  port: number;
  name?: string;
  /** Id of the managed service that should own this port. */
  service?: string;
  /** The expected owner when Portwarden does not run it (excludes `service`). */
  owner?: OwnerMatcher;
  /**
   * A log file to watch for an external supervisor's restart loop: a new "address already
   * in use" line raises a bind-loop conflict naming the holder of the port.
   */
  logFile?: string;
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
  /** How long start waits for the service to listen on its port (or to stay up, without one). */
  startTimeoutMs?: number;
}

export interface ProductServiceConfig {
  enabled: boolean;
  port: number;
  host?: string;
  productsFile?: string | null;
  dbFile?: string | null;
  redisUrl?: string | null;
  /** One Bloom filter in Redis for every replica (README, "Running several replicas"). */
  sharedFilter?: boolean;
}

export interface PortwardenConfig {
  pollIntervalMs: number;
  ports: WatchedPortConfig[];
  services: ServiceConfig[];
  productService: ProductServiceConfig;
}

/**
 * The fields of a service entry that portwarden.schema.json gives a `default`: validateConfig
 * (core/config/validate-config.ts) fills them in, so code that takes a checked config never
 * needs a fallback (test/unit/config/schema-in-step.test.ts keeps this list, the schema and
 * SERVICE_DEFAULTS in step).
 */
export type ServiceDefaultedField = 'cwd' | 'env' | 'requiredEnv' | 'autoRestart' | 'graceMs' | 'autoStart' | 'startTimeoutMs';

/** A service entry as validateConfig returns it: every defaulted field is present. */
export type CheckedServiceConfig = ServiceConfig & Required<Pick<ServiceConfig, ServiceDefaultedField>>;

/** A config as validateConfig returns it (what the control runtime runs on). */
export interface CheckedConfig extends PortwardenConfig {
  services: CheckedServiceConfig[];
}
