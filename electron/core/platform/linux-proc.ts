/**
 * Linux /proc primitives the kill transaction and the service supervisor need beyond the
 * process table: who is in a process group, and whether a pid is only a zombie.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { parseProcStat } from './linux-proc-parse.ts';

/** Pids in the group that are alive (zombies excluded: they hold no sockets). */
export async function linuxGroupMembers(pgid: number): Promise<number[]> {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return out;
  }
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      try {
        const stat = parseProcStat(await readFile(`/proc/${entry}/stat`, 'utf8'));
        if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') out.push(Number(entry));
      } catch {
        // exited while we looked
      }
    }),
  );
  return out;
}

/** State "Z" in /proc/PID/stat. A pid that is gone is not a zombie (the caller asks the process table for that). */
export function linuxIsZombie(pid: number): boolean {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state === 'Z';
  } catch {
    return false;
  }
}
