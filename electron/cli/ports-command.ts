/**
 * `portwarden ports [PORT...]` (every listener, or those on PORTs) and
 * `portwarden check PORT` (exit 0 free, 1 in use).
 */
import type { Command } from 'commander';
import type { ListenerRecord } from '../core/ports/types.ts';
import type { KillDeps } from '../core/processes/kill-deps.ts';
import { EXIT_NO, EXIT_OK, portArgument, portsArgument, printJson, terminalWidth, usageErrorsExit2, guarded } from './cli-errors.ts';
import { formatTable } from './format-table.ts';

export const OWNER_HINT = '? = owner not visible — run as root/elevated to see it';

/** The listeners table: PORT, ADDRESS, FAMILY, PID, USER, NAME, COMMAND. */
export function listenersTable(rows: readonly ListenerRecord[], width?: number): string {
  const sorted = [...rows].sort((a, b) => a.port - b.port || a.family.localeCompare(b.family) || a.address.localeCompare(b.address) || (a.pid ?? 0) - (b.pid ?? 0));
  const table = formatTable(
    [{ header: 'PORT', align: 'right' }, { header: 'ADDRESS' }, { header: 'FAMILY' }, { header: 'PID', align: 'right' }, { header: 'USER' }, { header: 'NAME' }, { header: 'COMMAND' }],
    sorted.map((r) => [String(r.port), r.address, r.family, r.pid === null ? '?' : String(r.pid), r.user ?? '?', r.name ?? '?', r.command ?? '']),
    width,
  );
  return sorted.some((r) => r.pid === null) ? `${table}\n\n${OWNER_HINT}` : table;
}

export function registerPortsCommands(program: Command, deps: () => KillDeps): void {
  usageErrorsExit2(
    program
      .command('ports')
      .description('list TCP listeners (all, or on the given ports) with every owning process')
      .argument('[PORT...]', 'only these ports', portsArgument)
      .option('--json', 'print a JSON array of listener records'),
  ).action(guarded(async (ports: number[] | undefined, opts: { json?: boolean }) => {
    const wanted = ports && ports.length > 0 ? [...new Set(ports)] : undefined;
    const snapshot = await deps().reader.read(wanted ? { ports: wanted } : {});
    const rows = wanted ? snapshot.listeners.filter((r) => wanted.includes(r.port)) : [...snapshot.listeners];
    if (opts.json) return printJson(rows);
    if (rows.length === 0) {
      process.stdout.write(wanted ? `nothing listens on ${wanted.join(', ')}\n` : 'no TCP listeners\n');
      return;
    }
    process.stdout.write(`${listenersTable(rows, terminalWidth())}\n`);
  }));

  usageErrorsExit2(
    program
      .command('check')
      .description('exit 0 when PORT is free, 1 when something listens on it (and name it)')
      .argument('<PORT>', 'TCP port', portArgument)
      .option('--json', 'print {"port","free","listeners"}')
      .addHelpText('after', '\nExit codes: 0 free, 1 in use, 2 invalid input.'),
  ).action(guarded(async (port: number, opts: { json?: boolean }) => {
    const snapshot = await deps().reader.read({ ports: [port] });
    const rows = snapshot.listeners.filter((r) => r.port === port);
    process.exitCode = rows.length === 0 ? EXIT_OK : EXIT_NO;
    if (opts.json) return printJson({ port, free: rows.length === 0, listeners: rows });
    if (rows.length === 0) process.stdout.write(`port ${port} is free\n`);
    else process.stdout.write(`port ${port} is in use:\n${listenersTable(rows, terminalWidth())}\n`);
  }));
}
