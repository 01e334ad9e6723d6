/**
 * macOS process table from `ps`, run through an injected runner.
 *
 * Two ps calls, because both comm and args may contain spaces and neither can be split from
 * the other reliably in one line:
 *   ps -o pid=,ppid=,pgid=,user=,lstart=,comm=   (comm last: the rest of the line)
 *   ps -ww -o pid=,args=                          (args last: the rest of the line)
 * with `-ax` for every process or `-p 1,2,3` for some. LC_ALL=C keeps lstart in the fixed
 * English form `Sun Nov 22 13:48:02 2026`, which is also the start-time token.
 */
import { DEFAULT_COMMAND_TIMEOUT_MS, execFileRunner, type CommandRunner } from '../ports/run-command.ts';
import type { BatchProcessTable } from './batch.ts';
import type { ProcessIdentity } from './types.ts';

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

export interface DarwinProcessTableOptions {
  run?: CommandRunner;
  timeoutMs?: number;
}

export function createDarwinProcessTable(options: DarwinProcessTableOptions = {}): BatchProcessTable {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const env = { LC_ALL: 'C' };

  /** ps exits 1 when none of the -p pids exists; that is an empty answer, not a failure. */
  const ps = async (args: string[]): Promise<string> => {
    try {
      return (await run('ps', args, { timeoutMs, env })).stdout;
    } catch (error) {
      const e = error as { code?: unknown; stdout?: unknown };
      if (e.code === 1) return typeof e.stdout === 'string' ? e.stdout : '';
      throw error;
    }
  };

  const query = async (select: string[]): Promise<ProcessIdentity[]> => {
    const [stat, args] = await Promise.all([ps([...select, '-o', STAT_COLUMNS]), ps([...select, '-ww', '-o', ARGS_COLUMNS])]);
    return joinPsOutputs(stat, args);
  };

  const getMany = async (pids: readonly number[]): Promise<Map<number, ProcessIdentity>> => {
    const valid = [...new Set(pids)].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
    if (valid.length === 0) return new Map();
    const found = await query(['-p', valid.join(',')]);
    return new Map(found.filter((p) => valid.includes(p.pid)).map((p) => [p.pid, p]));
  };

  return {
    getMany,
    async get(pid) {
      return (await getMany([pid])).get(pid) ?? null;
    },
    list: () => query(['-ax']),
  };
}
