import type { ProcessIdentity, ProcessTable } from '../model/processes.ts';

/**
 * A process table that can answer for several pids with one OS call. On macOS and Windows
 * every lookup spawns a program (ps, PowerShell), so the snapshot readers ask for all owner
 * pids at once when the table supports it.
 */
export interface BatchProcessTable extends ProcessTable {
  /** The identities of those pids that exist; missing pids are absent from the map. */
  getMany(pids: readonly number[]): Promise<Map<number, ProcessIdentity>>;
}

/** Looks up many pids: one batched call when the table supports it, else one get() each. */
export async function lookupMany(table: ProcessTable, pids: readonly number[]): Promise<Map<number, ProcessIdentity>> {
  const unique = [...new Set(pids)];
  if (unique.length === 0) return new Map();
  const batch = (table as Partial<BatchProcessTable>).getMany;
  if (typeof batch === 'function') return batch.call(table, unique);
  const found = await Promise.all(unique.map((pid) => table.get(pid).catch(() => null)));
  return new Map(found.filter((p): p is ProcessIdentity => p !== null).map((p) => [p.pid, p]));
}
