/**
 * Pure parsers for the Linux /proc files that identify a process. Kept apart from the
 * reader so they can be unit-tested on recorded text.
 */

/** The fields of /proc/PID/stat that Portwarden uses. */
export interface ProcStat {
  pid: number;
  /** comm: the executable name, at most 15 bytes, may contain spaces and parentheses. */
  comm: string;
  state: string;
  ppid: number;
  pgid: number;
  /** Field 22, starttime in clock ticks since boot, kept as text (an opaque identity token). */
  startTime: string;
}

/**
 * Parses /proc/PID/stat. comm sits between the first '(' and the LAST ')': a process can
 * name itself `a) b (c` with prctl, so splitting on spaces or the first ')' misreads every
 * field after it. Fields are numbered as in proc(5): pid=1, comm=2, state=3, ppid=4, pgrp=5,
 * starttime=22. Returns null for text that does not look like a stat line.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  if (!Number.isInteger(pid) || rest.length < 20) return null;
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const startTime = rest[19];
  if (!Number.isInteger(ppid) || !Number.isInteger(pgid) || !/^\d+$/.test(startTime)) return null;
  return { pid, comm: text.slice(open + 1, close), state: rest[0], ppid, pgid, startTime };
}

/**
 * Turns /proc/PID/cmdline (arguments separated and terminated by NUL) into one line joined
 * by spaces. Kernel threads and zombies have an empty cmdline; ps shows them as `[comm]`,
 * and so do we.
 */
export function parseCmdline(raw: string, comm: string): string {
  const args = raw.split('\0');
  while (args.length > 0 && args[args.length - 1] === '') args.pop();
  if (args.length === 0) return `[${comm}]`;
  return args.join(' ');
}

/**
 * The effective uid from /proc/PID/status (`Uid:\treal\teffective\tsaved\tfs`). Effective,
 * because that is whose permissions the process runs with and what `ps -o user` shows.
 */
export function parseStatusUid(text: string): number | null {
  const match = /^Uid:\s+(\d+)\s+(\d+)/m.exec(text);
  return match ? Number(match[2]) : null;
}

/**
 * The thread group id from /proc/N/status (`Tgid:\t1234`): the pid of the process that N
 * belongs to. /proc/N exists for every thread id N too, so Tgid !== N means N is a thread
 * of process Tgid, not a process.
 */
export function parseStatusTgid(text: string): number | null {
  const match = /^Tgid:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * comm values that name a thread rather than the program. Node.js 24 names its main thread
 * "MainThread", and on Linux the main thread's name IS the process comm, so every node
 * process would be called "MainThread".
 */
const THREAD_NAMES = new Set(['MainThread']);

/**
 * The short name to show for a process: comm, unless comm is a runtime's thread name, then
 * the basename of argv[0] (`/usr/bin/node` → `node`). comm stays preferred otherwise because
 * it names scripts run through an interpreter (`uvicorn`, not `python3`).
 */
export function displayName(comm: string, cmdlineRaw: string): string {
  if (!THREAD_NAMES.has(comm)) return comm;
  const argv0 = cmdlineRaw.split('\0')[0] ?? '';
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return base === '' ? comm : base;
}
