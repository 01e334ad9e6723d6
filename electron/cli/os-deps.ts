/**
 * The real OS for the CLI's commands, created on first use (so `--help` and usage errors
 * touch nothing) and once per process.
 */
import { createSnapshotReader } from '../core/ports/index.ts';
import type { SnapshotReader } from '../core/control/contract.ts';
import { createKillDeps } from '../core/control/one-shot.ts';
import type { KillDeps } from '../core/processes/index.ts';

let deps: KillDeps | undefined;
let oneShot: SnapshotReader | undefined;

/** Snapshot reader, process table and signals for the kill transaction and one-shot reads. */
export function osDeps(): KillDeps {
  deps ??= createKillDeps();
  return deps;
}

/**
 * The reader for a command that looks once and exits (`ports`, `check`, `wait`). On Linux it
 * reads /proc/net/tcp{,6} and, for owners, /proc/*\/fd in this process — what `ss -p` does
 * itself — instead of starting `ss`: for one look, starting a program costs more than the
 * reading (measured: `check` of a free port 10 ms against 32 ms; test/bench/cli.bench.ts).
 * The monitor, which polls, and the kill transaction keep using `ss`.
 */
export function oneShotReader(): SnapshotReader {
  oneShot ??= createSnapshotReader(process.platform === 'linux' ? { ssPath: null, ownerCacheMs: 0 } : { ownerCacheMs: 0 });
  return oneShot;
}
