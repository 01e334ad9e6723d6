/**
 * The embedded product service (electron/product-service/) as the control API reports it.
 * BloomStats is the shape of its GET /bloom/stats answer.
 */

export interface BloomStats {
  bit_array_size: number;
  hash_function_count: number;
  expected_items: number;
  false_positive_rate: number;
  current_items: number;
  estimated_false_positive_rate: number;
  fill_ratio: number;
}

export interface ProductServiceState {
  enabled: boolean;
  running: boolean;
  url: string | null;
  bloom: BloomStats | null;
  /** The service's /metrics counters (db_queries_total, bloom_rejects_total, …). */
  metrics: Record<string, number> | null;
  /**
   * What loading the products file at start did (null: no file, or not running): bad lines
   * are reported with their line numbers, at most the first few.
   */
  productsLoad: {
    file: string;
    accepted: number;
    inserted: number;
    problemCount: number;
    problems: { line: number; message: string; text: string }[];
  } | null;
}

/** How the control runtime starts the embedded product service (control/product-host.ts). */
export interface ProductServiceLaunch {
  host: string;
  port: number;
  productsFile: string | null;
  dbFile: string;
  redisUrl: string | null;
  sharedFilter: boolean;
  log: (line: string) => void;
}

/** A running embedded product service, as far as the control runtime uses it. */
export interface EmbeddedProductService {
  readonly url: string;
  bloomStats(): BloomStats;
  metrics(): Record<string, number>;
  readonly productsFile: string | null;
  readonly productsLoad: {
    accepted: number;
    inserted: number;
    problemCount: number;
    problems: { line: number; message: string; text: string }[];
  } | null;
  close(): Promise<void>;
}

/**
 * Starts the product service. electron/product-service/embed.ts provides it and the surfaces
 * that embed the service (`portwarden serve`, the desktop app) pass it to createControl, so
 * core never imports the product service (which imports these types).
 */
export type StartProductService = (options: ProductServiceLaunch) => Promise<EmbeddedProductService>;
