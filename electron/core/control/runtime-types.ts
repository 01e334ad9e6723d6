/** The options of createControl and the runtime it returns (create-control.ts). */
import type { PortwardenConfig } from '../model/config.ts';
import type { SnapshotReader } from '../model/ports.ts';
import type { KillDeps } from '../processes/kill-deps.ts';
import type { ProcessTable } from '../model/processes.ts';
import type { BackoffPolicy } from '../services/backoff.ts';
import type { Launcher } from '../services/launcher.ts';
import type { Timers } from '../model/timers.ts';
import type { ControlApi } from './contract.ts';
import type { StartProductService } from '../model/product.ts';

export interface ControlRuntime extends ControlApi {
  /** Start the poll loop, autoStart services and (when enabled) the product service. */
  start(): Promise<void>;
  /** Stop polling; by default also stop every managed service and the product service. */
  stop(options?: { stopServices?: boolean }): Promise<void>;
  /** Poll loop figures (tests, benchmark, debugging); not part of the transports. */
  monitorStats(): {
    polls: number;
    skippedReads: number;
    lastPollMs: number;
    maxPollMs: number;
    lastError: string | null;
    /** Helper processes whose CPU belongs to the monitor (the ss shell, the netlink reader). */
    helperPids: number[];
  };
}

export interface CreateControlOptions {
  config: PortwardenConfig;
  /** Where saveConfig persists (portwarden.json path); or a custom persistence function. */
  configPath?: string | null;
  persistConfig?: (config: PortwardenConfig) => Promise<void> | void;
  /** Directory relative paths resolve against. Default: the config file's directory, else cwd. */
  baseDir?: string;
  /** Set when the config file on disk is invalid (shown by diagnostics). */
  configError?: string | null;
  reader?: SnapshotReader;
  processes?: ProcessTable;
  launcher?: Launcher;
  now?: () => number;
  timers?: Timers;
  platform?: NodeJS.Platform;
  /** Environment services inherit. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Starts the embedded product service (electron/product-service/embed.ts). Without it the
   * runtime has no product service: starting it answers 'unavailable'.
   */
  startProductService?: StartProductService;
  /** Extra kill-transaction dependencies (sleep, selfPid, …). */
  killDeps?: Partial<KillDeps>;
  logCapacity?: number;
  backoff?: BackoffPolicy;
  /** Linux: skip unchanged polls with the netlink fingerprint (default true with the default reader). */
  fingerprint?: boolean;
  /** Running as root/Administrator (default: the uid is 0). Changes the words for invisible owners. */
  elevated?: boolean;
  /** Errors the runtime can't return to a caller (a failed poll, an autoStart failure). */
  onError?: (message: string) => void;
  /**
   * What the embedded product service reports as it runs (bad products-file lines with
   * their numbers, Redis outages); default: onError.
   */
  log?: (line: string) => void;
}
