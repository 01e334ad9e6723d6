/**
 * The real OS for the CLI's commands, created on first use (so `--help` and usage errors
 * touch nothing) and once per process.
 */
import { createKillDeps } from '../core/processes/create-kill-deps.ts';
import type { KillDeps } from '../core/processes/kill-deps.ts';

let deps: KillDeps | undefined;

/** Snapshot reader, process table and signals for the kill transaction and one-shot reads. */
export function osDeps(): KillDeps {
  deps ??= createKillDeps();
  return deps;
}
