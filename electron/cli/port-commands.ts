import type { Command } from 'commander';

/** `ports`, `check`, `free`, `wait`, `find` (issue: foundation). */
export function registerPortCommands(_program: Command): void {}
