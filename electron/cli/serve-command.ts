import type { Command } from 'commander';

/** `serve` (issue: monitor and headless server). Not built yet. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the monitor and the dashboard headless (not yet available)')
    .action(() => {
      process.stderr.write('portwarden serve: not yet available\n');
      process.exitCode = 2;
    });
}
