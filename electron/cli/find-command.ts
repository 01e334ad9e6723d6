/**
 * `portwarden find TEXT`: processes whose name or command line contains TEXT (the seed 003
 * workflow: every stray `uvicorn` or `python main.py`), with the ports each one listens on.
 * Exit 0 when something matched, 1 when nothing did.
 *
 * find-process does the search (its `find('name', …)` matches the full command line on
 * POSIX and the name or CommandLine on Windows); the snapshot adds the listening ports.
 */
import type { Command } from 'commander';
import findProcess from 'find-process';
import { ancestorsOf } from '../core/processes/descendants.ts';
import { EXIT_INVALID, EXIT_NO, EXIT_OK, fail, printJson, terminalWidth, usageErrorsExit2, guarded } from './cli-errors.ts';
import { formatTable } from './format-table.ts';
import { osDeps } from './os-deps.ts';

export interface FoundProcess {
  pid: number;
  ppid: number | null;
  name: string;
  user: string | null;
  command: string;
  /** TCP ports it listens on ("address:port"), empty when none. */
  listening: { port: number; address: string; family: 'IPv4' | 'IPv6' }[];
}

/** What find-process returns per process (its .d.ts files use extensionless imports NodeNext can't follow). */
interface FindProcessRow {
  pid: number;
  ppid?: number;
  name: string;
  cmd: string;
}

/** TEXT as a literal, case-insensitive pattern: find-process hands strings to String.match, which would read "c++" or "main.py" as regular expressions. */
export function literalPattern(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export function registerFindCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('find')
      .description('list processes whose name or command line contains TEXT, with their listening ports')
      .argument('<TEXT>', 'text to look for (literal, case-insensitive)')
      .option('--json', 'print a JSON array of processes')
      .addHelpText('after', '\nExit codes: 0 something matched, 1 nothing matched, 2 invalid input.'),
  ).action(guarded(async (text: string, opts: { json?: boolean }) => {
    if (text.trim() === '') return fail('TEXT must not be empty', EXIT_INVALID);
    const { reader, processes } = osDeps();
    const [found, snapshot, table] = await Promise.all([
      findProcess('name', literalPattern(text)) as Promise<FindProcessRow[]>,
      reader.read({}),
      processes.list(),
    ]);
    // Leave out ourselves, whatever started us (npx's command line contains TEXT too), and
    // the `ps` that find-process ran on our behalf.
    const self = new Set([process.pid, ...ancestorsOf(process.pid, table)]);
    const byPid = new Map(table.map((p) => [p.pid, p]));
    const results: FoundProcess[] = found
      .filter((p) => !self.has(p.pid) && p.ppid !== process.pid)
      .map((p) => ({
        pid: p.pid,
        ppid: p.ppid ?? byPid.get(p.pid)?.ppid ?? null,
        name: byPid.get(p.pid)?.name ?? p.name,
        user: byPid.get(p.pid)?.user ?? null,
        command: p.cmd,
        listening: snapshot.listeners.filter((r) => r.pid === p.pid).map((r) => ({ port: r.port, address: r.address, family: r.family })),
      }))
      .sort((a, b) => a.pid - b.pid);
    process.exitCode = results.length > 0 ? EXIT_OK : EXIT_NO;
    if (opts.json) return printJson(results);
    if (results.length === 0) {
      process.stdout.write(`no process matches ${JSON.stringify(text)}\n`);
      return;
    }
    const rendered = formatTable(
      [{ header: 'PID', align: 'right' }, { header: 'PPID', align: 'right' }, { header: 'USER' }, { header: 'NAME' }, { header: 'PORTS' }, { header: 'COMMAND' }],
      results.map((r) => [String(r.pid), r.ppid === null ? '?' : String(r.ppid), r.user ?? '?', r.name, [...new Set(r.listening.map((l) => l.port))].join(',') || '-', r.command]),
      terminalWidth(),
    );
    process.stdout.write(`${rendered}\n`);
  }));
}
