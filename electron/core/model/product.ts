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
  productsLoad: { file: string; accepted: number; inserted: number; problemCount: number; problems: { line: number; message: string; text: string }[] } | null;
}
