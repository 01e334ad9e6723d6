import type { Command } from 'commander';
import { createKillDeps } from '../core/processes/create-kill-deps.ts';
import type { KillDeps } from '../core/processes/kill-deps.ts';
import { registerFindCommand } from './find-command.ts';
import { registerFreeCommand } from './free-command.ts';
import { registerPortsCommands } from './ports-command.ts';
import { registerWaitCommand } from './wait-command.ts';

/**
 * `ports`, `check`, `free`, `wait`, `find` (issue: foundation). The OS readers are created
 * on first use, so `--help` and usage errors touch nothing.
 */
export function registerPortCommands(program: Command): void {
  let deps: KillDeps | undefined;
  const lazyDeps = (): KillDeps => (deps ??= createKillDeps());
  registerPortsCommands(program, lazyDeps);
  registerFreeCommand(program, lazyDeps);
  registerWaitCommand(program, lazyDeps);
  registerFindCommand(program, lazyDeps);
}
