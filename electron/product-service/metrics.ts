/**
 * Counters for GET /metrics (JSON) and GET /metrics/prometheus (text exposition format).
 * Plain object fields incremented in place: the hot path pays one property increment.
 */

export interface Counters {
  /** Every GET /products/:id and POST /products request. */
  requests_total: number;
  /** Outcomes of those requests. */
  requests_found_total: number;
  requests_not_found_total: number;
  requests_created_total: number;
  requests_conflict_total: number;
  requests_bad_request_total: number;
  requests_unavailable_total: number;
  /** Lookups the filter answered "definitely absent" (no cache or database access). */
  bloom_rejects_total: number;
  /** Ids that passed the filter but the database did not have (confirmed false positives). */
  bloom_false_positives_total: number;
  bloom_rebuilds_total: number;
  cache_hits_total: number;
  cache_negative_hits_total: number;
  cache_misses_total: number;
  /** Failed or timed-out cache operations (the lookup fell through to the database). */
  cache_errors_total: number;
  /** Lookups that waited for another request's in-flight load of the same id. */
  coalesced_waits_total: number;
}

export function createCounters(): Counters {
  return {
    requests_total: 0,
    requests_found_total: 0,
    requests_not_found_total: 0,
    requests_created_total: 0,
    requests_conflict_total: 0,
    requests_bad_request_total: 0,
    requests_unavailable_total: 0,
    bloom_rejects_total: 0,
    bloom_false_positives_total: 0,
    bloom_rebuilds_total: 0,
    cache_hits_total: 0,
    cache_negative_hits_total: 0,
    cache_misses_total: 0,
    cache_errors_total: 0,
    coalesced_waits_total: 0,
  };
}

const HELP: Record<string, string> = {
  requests_total: 'Product lookups and creations received.',
  db_queries_total: 'Product reads sent to the database by lookups.',
  bloom_rejects_total: 'Lookups answered 404 by the Bloom filter alone.',
  bloom_false_positives_total: 'Ids that passed the filter but were not in the database.',
  cache_hits_total: 'Lookups answered from a positive cache entry.',
  cache_negative_hits_total: 'Lookups answered from a negative cache entry.',
  cache_errors_total: 'Cache operations that failed or timed out.',
  coalesced_waits_total: 'Lookups that joined an in-flight load of the same id.',
  bloom_items: 'Items in the Bloom filter.',
  bloom_fill_ratio: 'Fraction of filter bits set.',
  bloom_estimated_false_positive_rate: 'Estimated false-positive rate (1 - e^(-kn/m))^k.',
};

/**
 * Prometheus text format: every value becomes `portwarden_product_<name>`; names ending in
 * `_total` are counters, the rest gauges.
 */
export function toPrometheus(values: Record<string, number>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    const metric = `portwarden_product_${name}`;
    const help = HELP[name];
    if (help) out += `# HELP ${metric} ${help}\n`;
    out += `# TYPE ${metric} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n`;
    out += `${metric} ${Number.isFinite(value) ? value : 0}\n`;
  }
  return out;
}
