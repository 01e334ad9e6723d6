import type { ProcessTable } from './types.ts';
import { createLinuxProcessTable } from './linux.ts';

export type { ProcessIdentity, ProcessTable } from './types.ts';

/**
 * The process table for a platform (default: the one we run on).
 * Linux reads /proc.
 */
export function createProcessTable(platform: NodeJS.Platform = process.platform): ProcessTable {
  switch (platform) {
    case 'linux':
      return createLinuxProcessTable();
    default:
      throw new Error(`process table: platform ${platform} is not supported`);
  }
}
