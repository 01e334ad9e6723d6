/**
 * The real-OS KillDeps: this platform's snapshot reader and process table, real signals,
 * real clock. `freePort(port, {}, createKillDeps())` frees a port on this machine.
 */
import { createSnapshotReader } from '../ports/index.ts';
import { createProcessTable } from '../processes/index.ts';
import type { KillDeps } from '../processes/kill-deps.ts';

export function createKillDeps(overrides: Partial<KillDeps> = {}): KillDeps {
  const platform = overrides.platform ?? process.platform;
  const processes = overrides.processes ?? createProcessTable(platform);
  // No owner cache: the transaction must see an owner leave the moment it does.
  const reader = overrides.reader ?? createSnapshotReader({ platform, processTable: processes, ownerCacheMs: 0 });
  return { ...overrides, platform, processes, reader };
}
