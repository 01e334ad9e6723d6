/** `portwarden ports [PORT...]`: every listener, or those on PORTs, one row per owner. */
import type { Command } from 'commander';
import { guarded, portsArgument, printJson, terminalWidth, usageErrorsExit2 } from './cli-errors.ts';
import { listenersTable } from './listeners-table.ts';
import { oneShotReader } from './os-deps.ts';

export function registerPortsCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('ports')
      .argument('[PORT...]', 'only these ports', portsArgument)
      .option('--json', 'print a JSON array of listener records (with cwd, project, startedAt)'),
  ).action(
    guarded(async (ports: number[] | undefined, opts: { json?: boolean }) => {
      const wanted = ports && ports.length > 0 ? [...new Set(ports)] : undefined;
      const snapshot = await oneShotReader().read(wanted ? { ports: wanted } : {});
      const rows = wanted ? snapshot.listeners.filter((r) => wanted.includes(r.port)) : [...snapshot.listeners];
      if (opts.json) return printJson(rows);
      if (rows.length === 0) {
        process.stdout.write(wanted ? `nothing listens on ${wanted.join(', ')}\n` : 'no TCP listeners\n');
        return;
      }
      process.stdout.write(`${listenersTable(rows, terminalWidth())}\n`);
    }),
  );
}
