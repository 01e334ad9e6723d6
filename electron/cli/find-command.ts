/**
 * `portwarden find TEXT`: processes whose name or command line contains TEXT (the seed 003
 * workflow: every stray `uvicorn` or `python main.py`), with the ports each one listens on.
 * Exit 0 when something matched, 1 when nothing did.
 *
 * find-process lists the processes (the full command line on POSIX, the name and
 * CommandLine on Windows); a plain case-insensitive substring test picks the matches; the
 * snapshot adds the listening ports.
 */
import type { Command } from 'commander';
import findProcess from 'find-process';
import { ancestorsOf } from '../core/processes/index.ts';
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

/** Longer search texts are refused: no name or command line worth finding needs more. */
export const MAX_FIND_TEXT = 4096;

/** Why TEXT cannot be searched for, or null when it can. */
export function findTextProblem(text: string): string | null {
  if (text.trim() === '') return 'TEXT must not be empty';
  if (text.length > MAX_FIND_TEXT) return `TEXT is ${text.length} characters long; at most ${MAX_FIND_TEXT}`;
  return null;
}

/**
 * Does `haystack` contain `needle`, ignoring case? A plain substring test: TEXT is never
 * turned into a regular expression (find-process would hand a string to String.match, which
 * reads "c++" or "main.py" as a pattern and throws on a long or unbalanced one).
 */
export function containsText(haystack: string | null | undefined, needle: string): boolean {
  return typeof haystack === 'string' && haystack.toLowerCase().includes(needle.toLowerCase());
}

/** Matches every process: find-process lists them all and containsText() does the choosing. */
const EVERY_PROCESS = /(?:)/;

export function registerFindCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('find')
      .description('list processes whose name or command line contains TEXT, with their listening ports')
      .argument('<TEXT>', 'text to look for (literal, case-insensitive)')
      .option('--json', 'print a JSON array of processes')
      .addHelpText('after', '\nExit codes: 0 something matched, 1 nothing matched, 2 invalid input.'),
  ).action(
    guarded(async (text: string, opts: { json?: boolean }) => {
      const problem = findTextProblem(text);
      if (problem !== null) return fail(problem, EXIT_INVALID);
      const { reader, processes } = osDeps();
      const [all, snapshot, table] = await Promise.all([
        findProcess('name', EVERY_PROCESS) as Promise<FindProcessRow[]>,
        reader.read({}),
        processes.list(),
      ]);
      // Leave out ourselves, whatever started us (npx's command line contains TEXT too), and
      // the `ps` that find-process ran on our behalf.
      const self = new Set([process.pid, ...ancestorsOf(process.pid, table)]);
      const byPid = new Map(table.map((p) => [p.pid, p]));
      const found = all.filter((p) => containsText(p.cmd, text) || containsText(p.name, text));
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
        [
          { header: 'PID', align: 'right' },
          { header: 'PPID', align: 'right' },
          { header: 'USER' },
          { header: 'NAME' },
          { header: 'PORTS' },
          { header: 'COMMAND' },
        ],
        results.map((r) => [
          String(r.pid),
          r.ppid === null ? '?' : String(r.ppid),
          r.user ?? '?',
          r.name,
          [...new Set(r.listening.map((l) => l.port))].join(',') || '-',
          r.command,
        ]),
        terminalWidth(),
      );
      process.stdout.write(`${rendered}\n`);
    }),
  );
}
