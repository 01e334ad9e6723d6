import { readdir, readFile } from 'node:fs/promises';
import type { ProcessIdentity, ProcessTable } from './types.ts';
import { displayName, parseCmdline, parseProcStat, parseStatusUid } from './linux-proc-parse.ts';
import { createUserNames, type UserNames } from './linux-users.ts';

export interface LinuxProcessTableOptions {
  /** Default /proc (tests may point it elsewhere). */
  procRoot?: string;
  /** Uid → name lookup; default reads /etc/passwd with a cache. */
  users?: UserNames;
}

/**
 * The Linux process table, read from /proc. Every read tolerates the process vanishing
 * half-way (ENOENT/ESRCH): a process that exits between listing /proc and reading its files
 * is simply absent.
 */
export function createLinuxProcessTable(options: LinuxProcessTableOptions = {}): ProcessTable {
  const procRoot = options.procRoot ?? '/proc';
  const users = options.users ?? createUserNames();

  const get = async (pid: number): Promise<ProcessIdentity | null> => {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const dir = `${procRoot}/${pid}`;
    let statText: string;
    let cmdline: string;
    let status: string;
    try {
      [statText, cmdline, status] = await Promise.all([
        readFile(`${dir}/stat`, 'utf8'),
        readFile(`${dir}/cmdline`, 'utf8'),
        readFile(`${dir}/status`, 'utf8'),
      ]);
    } catch {
      return null;
    }
    const stat = parseProcStat(statText);
    if (stat === null || stat.pid !== pid) return null;
    const uid = parseStatusUid(status);
    return {
      pid,
      ppid: stat.ppid,
      name: displayName(stat.comm, cmdline),
      command: parseCmdline(cmdline, stat.comm),
      user: uid === null ? null : await users.nameOf(uid),
      startTime: stat.startTime,
      pgid: stat.pgid,
    };
  };

  return {
    get,
    async list(): Promise<ProcessIdentity[]> {
      const entries = await readdir(procRoot);
      const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number);
      const found = await Promise.all(pids.map(get));
      return found.filter((p): p is ProcessIdentity => p !== null).sort((a, b) => a.pid - b.pid);
    },
  };
}
