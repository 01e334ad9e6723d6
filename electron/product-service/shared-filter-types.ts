/** The shared filter's data shapes (shared-filter.ts is the replica's side of the filter). */
import type { BloomFilter } from './bloom-filter.ts';
import type { ProductDatabase } from './database.ts';

/** Per-replica counters of the shared filter (GET /metrics). */
export interface SharedFilterCounters {
  /** Lookups the local copy answered "maybe present" (no Redis round trip). */
  shared_filter_local_hits_total: number;
  /** Lookups checked against the shared filter in Redis. */
  shared_filter_checks_total: number;
  /** Lookups that went to the database because the shared filter was unreachable or missing. */
  shared_filter_unavailable_total: number;
}

export interface SharedFilterOptions {
  url: string;
  store: ProductDatabase;
  /** Capacity and rate for filters this replica builds (an existing shared filter keeps its own). */
  expectedItems: number;
  falsePositiveRate: number;
  /** Key prefix. Default `pw:bloom`. */
  prefix?: string;
  /** Timeout for a lookup's check in ms. Default 250. */
  commandTimeoutMs?: number;
  log?: (line: string) => void;
  /** Called after each rebuild THIS replica ran (one replica rebuilds for all). */
  onRebuilt?: () => void;
}

/** One generation as this replica knows it: its parameters and the local copy of its bits. */
export interface Generation {
  id: string;
  expected: number;
  fpr: number;
  /** Local copy: only bits the shared generation has. */
  local: BloomFilter;
}

export interface SharedFilterStats {
  meta: Record<string, string>;
  info: Record<string, string>;
  setBits: number;
}
