import { parseHostPort } from './address.ts';
import type { LinuxSocketRow } from './linux-socket-row.ts';

/**
 * Parsers for `ss` output. Two kinds, because `ss -p` prints process names unescaped:
 *
 * 1. `ss -ltnH` / `ss -ltnHe` (no -p) gives the ROWS. Nothing in these lines is chosen by
 *    an unprivileged process (addresses, numbers, the cgroup path at the end), so they are
 *    read line by line:
 *
 *      LISTEN 0 128 127.0.0.1:48579 0.0.0.0:* uid:65534 ino:14879 sk:2 cgroup:/ <->
 *      LISTEN 0 128 0.0.0.0:2024 0.0.0.0:* ino:631 sk:1 cgroup:/ <->
 *
 *    With -e, ss prints `uid:` only when it is not 0, so a row with `ino:` and no `uid:` is root's.
 *
 * 2. `ss -ltnpHe` is used ONLY for owner CANDIDATES: `users:(("NAME",pid=N,fd=M),…)`. NAME
 *    is whatever the process named itself (prctl, /proc/self/comm): a `"` or a trailing `\`
 *    broke the old entry parser (the owner showed as `?`), a newline splits the row in two
 *    (a fake row), and a name can even contain `",pid=1,fd=3)`. So nothing here is trusted:
 *    every `pid=N,fd=M` pair found anywhere is a candidate, and the reader keeps a pid only
 *    when /proc/N/fd/M really is the socket (linux-fd-scan.ts checkSocketOwners); names come
 *    from /proc/N/comm through the process table, never from this text.
 */
export function parseSsListeners(text: string): LinuxSocketRow[] {
  const rows: LinuxSocketRow[] = [];
  for (const line of text.split('\n')) {
    const row = parseSsLine(line);
    if (row) rows.push(row);
  }
  return rows;
}

function parseSsLine(line: string): LinuxSocketRow | null {
  // Columns: [Netid] State Recv-Q Send-Q Local Peer [extras…].
  const head = /^\s*(?:tcp\s+)?(?:([A-Z][A-Z-]*)\s+)?(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(.*)$/.exec(line);
  if (!head) return null;
  const state = head[1];
  if (state !== undefined && state !== 'LISTEN') return null;
  const local = parseHostPort(head[4]!);
  if (!local) return null;
  // Output with -p is not parsed for rows (see the file comment); its extras are ignored.
  const extras = head[6]!.includes('users:(') ? '' : head[6]!;
  const inode = /(?:^|\s)ino:(\d+)/.exec(extras);
  const uid = /(?:^|\s)uid:(\d+)/.exec(extras);
  return {
    ...local,
    inode: inode ? Number(inode[1]) : null,
    uid: uid ? Number(uid[1]) : inode ? 0 : null,
  };
}

/** A (pid, fd) pair `ss -p` printed; only a claim until /proc confirms it. */
export interface OwnerCandidate {
  pid: number;
  fd: number;
}

/** Every `pid=N,fd=M` in `ss -p` output, wherever it stands (see the file comment). */
export function parseOwnerCandidates(text: string): OwnerCandidate[] {
  const found = new Map<string, OwnerCandidate>();
  for (const match of text.matchAll(/pid=(\d+),fd=(\d+)/g)) {
    const pid = Number(match[1]);
    const fd = Number(match[2]);
    if (Number.isSafeInteger(pid) && pid > 0 && Number.isSafeInteger(fd)) found.set(`${pid}/${fd}`, { pid, fd });
  }
  return [...found.values()];
}

/**
 * Every socket inode `ss -p` output mentions (`ino:N`). A name can add numbers here, never
 * remove one: used only to drop a row whose socket closed between two ss calls.
 */
export function mentionedInodes(text: string): Set<number> {
  return new Set([...text.matchAll(/ino:(\d+)/g)].map((m) => Number(m[1])));
}
