/** `portwarden check PORT`: exit 0 when free, 1 when something listens on it (named). */
import type { Command } from 'commander';
import { EXIT_NO, EXIT_OK, guarded, portArgument, printJson, terminalWidth, usageErrorsExit2 } from './cli-errors.ts';
import { listenersTable } from './listeners-table.ts';
import { oneShotReader } from './os-deps.ts';

export function registerCheckCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('check')
      .argument('<PORT>', 'TCP port', portArgument)
      .option('--json', 'print {"port","free","listeners"}')
      .addHelpText('after', '\nExit codes: 0 free, 1 in use, 2 invalid input.'),
  ).action(
    guarded(async (port: number, opts: { json?: boolean }) => {
      const snapshot = await oneShotReader().read({ ports: [port] });
      const rows = snapshot.listeners.filter((r) => r.port === port);
      process.exitCode = rows.length === 0 ? EXIT_OK : EXIT_NO;
      if (opts.json) return printJson({ port, free: rows.length === 0, listeners: rows });
      if (rows.length === 0) process.stdout.write(`port ${port} is free\n`);
      else process.stdout.write(`port ${port} is in use:\n${listenersTable(rows, terminalWidth())}\n`);
    }),
  );
}
