/**
 * The filter as the service (index.ts, routes.ts) sees it, whichever it is: this process's
 * own (bloom-manager.ts) or the one shared by every replica in Redis (shared-filter.ts).
 * Both feed the lookup flow (lookup.ts) and report the same /bloom/stats fields; the shared
 * one adds `shared` (its generation, rebuild state, counts) and per-replica counters.
 */
import type { BloomStats } from '../core/model/product.ts';
import type { BloomManager } from './bloom-manager.ts';
import type { LookupFilter } from './lookup.ts';
import type { SharedFilter, SharedFilterStats } from './shared-filter.ts';

export interface ServiceFilter extends LookupFilter {
  readonly kind: 'local' | 'shared';
  /** Stats can be read (a filter exists). */
  readonly loaded: boolean;
  readonly rebuilding: boolean;
  /** True when lookups fall through to the database because the filter is unreachable. */
  readonly degraded: boolean;
  /** GET /bloom/stats. */
  stats(): Promise<BloomStats & { shared?: Record<string, unknown> }>;
  /** The last stats known, without waiting (the shared filter's are read every 5 s). */
  lastStats(): BloomStats | null;
  /** Gauges and counters for GET /metrics. */
  metrics(): Record<string, number>;
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/** (1 − e^(−k·n/m))^k, as in bloom-filter.ts. */
function estimatedFp(k: number, n: number, m: number): number {
  return m > 0 ? Math.pow(1 - Math.exp((-k * n) / m), k) : 1;
}

export function localFilter(bloom: BloomManager): ServiceFilter {
  return {
    kind: 'local',
    get loaded() {
      return bloom.loaded;
    },
    get rebuilding() {
      return bloom.isRebuilding;
    },
    degraded: false,
    mightContain: (id) => bloom.mightContain(id),
    beforeInsert: (id) => bloom.beforeInsert(id),
    afterInsert: (id) => bloom.afterInsert(id),
    stats: () => Promise.resolve(bloom.stats()),
    lastStats: () => (bloom.loaded ? bloom.stats() : null),
    metrics() {
      const f = bloom.loaded ? bloom.filter : null;
      return {
        bloom_items: f ? f.count : 0,
        bloom_fill_ratio: f ? f.fillRatio() : 0,
        bloom_estimated_false_positive_rate: f ? f.estimatedFalsePositiveRate() : 0,
      };
    },
    rebuild: () => bloom.rebuild(),
    close: () => bloom.stop(),
  };
}

/** BloomStats of the shared filter's current generation, plus its shared state. */
function sharedStats(filter: SharedFilter, s: SharedFilterStats): BloomStats & { shared: Record<string, unknown> } {
  const m = Number(s.info.m ?? 0);
  const k = Number(s.info.k ?? 0);
  const n = Number(s.info.count ?? 0);
  return {
    bit_array_size: m,
    hash_function_count: k,
    expected_items: Number(s.info.expected ?? 0),
    false_positive_rate: Number(s.info.fpr ?? 0),
    current_items: n,
    estimated_false_positive_rate: estimatedFp(k, n, m),
    fill_ratio: m > 0 ? s.setBits / m : 0,
    shared: {
      generation: s.meta.current ?? null,
      building: s.meta.building ?? null,
      rebuilds_total: Number(s.meta.rebuilds ?? 0),
      acknowledged_creates: Number(s.info.acked ?? 0),
      available: filter.available,
      local_copy_generation: filter.generation?.id ?? null,
      key_prefix: filter.prefix,
    },
  };
}

export function sharedFilter(filter: SharedFilter): ServiceFilter {
  const last = (): (BloomStats & { shared: Record<string, unknown> }) | null =>
    filter.lastStats ? sharedStats(filter, filter.lastStats) : null;
  return {
    kind: 'shared',
    get loaded() {
      return filter.generation !== null || filter.lastStats !== null;
    },
    get rebuilding() {
      return filter.isRebuilding;
    },
    get degraded() {
      return !filter.available;
    },
    mightContain: (id) => filter.mightContain(id),
    beforeInsert: (id) => filter.beforeInsert(id),
    afterInsert: (id) => filter.afterInsert(id),
    stats: async () => sharedStats(filter, await filter.stats()),
    lastStats: last,
    metrics() {
      const s = last();
      return {
        ...filter.counters,
        bloom_items: s?.current_items ?? 0,
        bloom_fill_ratio: s?.fill_ratio ?? 0,
        bloom_estimated_false_positive_rate: s?.estimated_false_positive_rate ?? 0,
        shared_filter_available: filter.available ? 1 : 0,
      };
    },
    rebuild: () => filter.rebuild(),
    close: () => filter.close(),
  };
}
