/**
 * macOS process table from `ps`, run through an injected runner.
 *
 * Two ps calls, because both comm and args may contain spaces and neither can be split from
 * the other reliably in one line:
 *   ps -o pid=,ppid=,pgid=,user=,lstart=,comm=   (comm last: the rest of the line)
 *   ps -ww -o pid=,args=                          (args last: the rest of the line)
 * with `-ax` for every process or `-p 1,2,3` for some. LC_ALL=C keeps lstart in the fixed
 * English form `Sun Nov 22 13:48:02 2026`, which is also the start-time token. Looking up
 * some pids (the snapshot's owners) also asks lsof for their working directories, in the
 * same batch: `lsof -w -a -d cwd -p 1,2,3 -Fn`.
 */
import { DEFAULT_COMMAND_TIMEOUT_MS, execFileRunner, type CommandRunner } from '../platform/run-command.ts';
import type { BatchProcessTable } from './batch.ts';
import type { ProcessIdentity } from '../model/processes.ts';

const STAT_COLUMNS = 'pid=,ppid=,pgid=,user=,lstart=,comm=';
const ARGS_COLUMNS = 'pid=,args=';

const STAT_LINE = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+([A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4})\s+(.*)$/;

/**
 * Parses `ps -o pid=,ppid=,pgid=,user=,lstart=,comm=` output. comm on macOS is the
 * executable path (it may contain spaces: `/Applications/Visual Studio Code.app/…/Code
 * Helper`); the name is its last path segment.
 */
export function parsePsStat(text: string): Map<number, Omit<ProcessIdentity, 'command'> & { comm: string }> {
  const result = new Map<number, Omit<ProcessIdentity, 'command'> & { comm: string }>();
  for (const line of text.split('\n')) {
    const m = STAT_LINE.exec(line.trimEnd());
    if (!m) continue;
    const pid = Number(m[1]);
    const comm = m[6];
    result.set(pid, {
      pid,
      ppid: Number(m[2]),
      pgid: Number(m[3]),
      user: m[4],
      startTime: m[5].replace(/\s+/g, ' '),
      name: comm.slice(comm.lastIndexOf('/') + 1) || comm,
      comm,
    });
  }
  return result;
}

/** Parses `ps -ww -o pid=,args=` output: pid → full command line. */
export function parsePsArgs(text: string): Map<number, string> {
  const result = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line.trimEnd());
    if (m) result.set(Number(m[1]), m[2]);
  }
  return result;
}

/** Joins the two ps outputs into identities (args falls back to comm when missing). */
export function joinPsOutputs(statText: string, argsText: string): ProcessIdentity[] {
  const args = parsePsArgs(argsText);
  return [...parsePsStat(statText).values()]
    .map(({ comm, ...p }) => ({ ...p, command: args.get(p.pid) ?? comm }))
    .sort((a, b) => a.pid - b.pid);
}

/** The lsof arguments that list the working directory of each of `pids`. */
export function lsofCwdArgs(pids: readonly number[]): string[] {
  // -a: AND the selections (only cwd, only these pids); -w: no warnings on stderr.
  return ['-w', '-a', '-d', 'cwd', '-p', pids.join(','), '-Fn'];
}

/**
 * Parses `lsof -a -d cwd -p … -Fn` (lsof(8), "OUTPUT FOR OTHER PROGRAMS"): one field per
 * line, `p<pid>` starts a process, `n<path>` is its file's name. Other field letters (`f`,
 * which lsof 4.88–4.93.2 always adds [lsof-org/lsof#322]) are ignored.
 */
export function parseLsofCwd(text: string): Map<number, string> {
  const cwd = new Map<number, string>();
  let pid: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('p')) pid = /^\d+$/.test(line.slice(1)) ? Number(line.slice(1)) : null;
    else if (line.startsWith('n') && pid !== null && !cwd.has(pid) && line.length > 1) cwd.set(pid, line.slice(1));
  }
  return cwd;
}

export interface DarwinProcessTableOptions {
  run?: CommandRunner;
  timeoutMs?: number;
}

export function createDarwinProcessTable(options: DarwinProcessTableOptions = {}): BatchProcessTable {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const env = { LC_ALL: 'C' };

  /**
   * ps exits 1 when none of the -p pids exists, lsof when one of them does not: an answer
   * (maybe empty), not a failure.
   */
  const tool = async (file: 'ps' | 'lsof', args: string[]): Promise<string> => {
    try {
      return (await run(file, args, { timeoutMs, env })).stdout;
    } catch (error) {
      const e = error as { code?: unknown; stdout?: unknown };
      if (e.code === 1) return typeof e.stdout === 'string' ? e.stdout : '';
      throw error;
    }
  };
  const ps = (args: string[]) => tool('ps', args);

  const query = async (select: string[]): Promise<ProcessIdentity[]> => {
    const [stat, args] = await Promise.all([ps([...select, '-o', STAT_COLUMNS]), ps([...select, '-ww', '-o', ARGS_COLUMNS])]);
    return joinPsOutputs(stat, args);
  };

  const getMany = async (pids: readonly number[]): Promise<Map<number, ProcessIdentity>> => {
    const valid = [...new Set(pids)].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
    if (valid.length === 0) return new Map();
    // Working directories are a detail: without lsof (or when it fails) they are unknown.
    const [found, cwd] = await Promise.all([
      query(['-p', valid.join(',')]),
      tool('lsof', lsofCwdArgs(valid)).then(parseLsofCwd, () => new Map<number, string>()),
    ]);
    return new Map(found.filter((p) => valid.includes(p.pid)).map((p) => [p.pid, { ...p, cwd: cwd.get(p.pid) ?? null }]));
  };

  return {
    getMany,
    async get(pid) {
      return (await getMany([pid])).get(pid) ?? null;
    },
    list: () => query(['-ax']),
  };
}
