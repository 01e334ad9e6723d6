import type { ProcessTable } from '../model/processes.ts';
import { createDarwinProcessTable } from './darwin.ts';
import { createLinuxProcessTable } from './linux.ts';
import { createWin32ProcessTable } from './win32.ts';
import type { CommandRunner } from '../platform/run-command.ts';

export type { ProcessIdentity, ProcessTable } from '../model/processes.ts';
export type { BatchProcessTable } from './batch.ts';

export interface ProcessTableOptions {
  /** macOS and Windows: runs ps / PowerShell (default: execFile with a timeout). */
  run?: CommandRunner;
  timeoutMs?: number;
}

/**
 * The process table for a platform (default: the one we run on). Linux reads /proc; macOS
 * runs ps; Windows runs PowerShell CIM. Other platforms throw.
 */
export function createProcessTable(platform: NodeJS.Platform = process.platform, options: ProcessTableOptions = {}): ProcessTable {
  switch (platform) {
    case 'linux':
      return createLinuxProcessTable();
    case 'darwin':
      return createDarwinProcessTable(options);
    case 'win32':
      return createWin32ProcessTable(options);
    default:
      throw new Error(`process table: platform ${platform} is not supported`);
  }
}
export { DEFAULT_GRACE_MS } from './terminate.ts';
export type { KillDeps } from './kill-deps.ts';
export { ancestorsOf } from './descendants.ts';
export { freePort } from './free-port.ts';
export { killProcess } from './kill-process.ts';
