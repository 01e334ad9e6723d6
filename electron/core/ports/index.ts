import type { ProcessTable } from '../model/processes.ts';
import { createDarwinSnapshotReader } from './darwin.ts';
import { createLinuxSnapshotReader } from './linux.ts';
import { withOwnerContext } from './enrich.ts';
import { createWin32SnapshotReader } from './win32.ts';
import type { CommandRunner } from '../platform/run-command.ts';
import { createBehindResolver, type BehindResolver } from '../owners/behind.ts';
import type { ProjectNames } from '../owners/project-names.ts';
import { execFileRunner } from '../platform/run-command.ts';
import type { SnapshotReader } from '../model/ports.ts';

export type { ListenerRecord, PortSnapshot, SnapshotOptions, SnapshotReader, AddressFamily } from '../model/ports.ts';
export type { CommandRunner, CommandResult } from '../platform/run-command.ts';

export interface SnapshotReaderOptions {
  /** Default: the platform we run on. */
  platform?: NodeJS.Platform;
  /** Owner details (default: the platform's process table). */
  processTable?: ProcessTable;
  /** Runs OS commands (default: execFile with a timeout). */
  run?: CommandRunner;
  /** Timeout for one OS command. Default 5 s. */
  timeoutMs?: number;
  now?: () => number;
  /** Linux: the ss binary, or null to read /proc/net/tcp{,6} and scan /proc/*\/fd instead. */
  ssPath?: string | null;
  /** Linux: default /proc. */
  procRoot?: string;
  /** Linux: how long unchanged sockets' owners are trusted (default 5000; 0 = always look up). */
  ownerCacheMs?: number;
  /** Project names (default: one cache shared by the whole process). */
  projects?: ProjectNames;
  /** What forwarding owners forward for (default: shared; on Windows one that can run wsl.exe). */
  behind?: BehindResolver;
}

/**
 * The snapshot reader for a platform (default: the one we run on): Linux ss + /proc,
 * macOS netstat -anv + lsof + ps, Windows netstat -ano + tasklist + PowerShell CIM; every
 * snapshot's owners are then named by project (enrich.ts).
 */
export function createSnapshotReader(options: SnapshotReaderOptions = {}): SnapshotReader {
  return withOwnerContext(createPlatformReader(options), { projects: options.projects, behind: options.behind ?? defaultBehind(options) });
}

/** On Windows a wslrelay.exe port is named by asking wsl.exe which distribution runs. */
function defaultBehind(options: SnapshotReaderOptions): BehindResolver | undefined {
  if ((options.platform ?? process.platform) !== 'win32') return undefined;
  const run = options.run ?? execFileRunner;
  // WSL_UTF8=1: UTF-8 instead of UTF-16 from builds that know it (owners/wsl-distros.ts copes with both).
  return createBehindResolver({
    wslList: async () => (await run('wsl.exe', ['--list', '--verbose'], { timeoutMs: 5_000, env: { WSL_UTF8: '1' } })).stdout,
  });
}

function createPlatformReader(options: SnapshotReaderOptions): SnapshotReader {
  const platform = options.platform ?? process.platform;
  switch (platform) {
    case 'linux':
      return createLinuxSnapshotReader(options);
    case 'darwin':
      return createDarwinSnapshotReader(options);
    case 'win32':
      return createWin32SnapshotReader(options);
    default:
      throw new Error(`port snapshot: platform ${platform} is not supported`);
  }
}
export { sortListeners } from './records.ts';
