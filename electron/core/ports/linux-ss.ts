import { parseHostPort } from './address.ts';
import type { LinuxSocketRow, SocketOwner } from './linux-socket-row.ts';

/**
 * Parses `ss -ltnH` output and its variants `-ltnpH` (adds `users:((…))`), `-ltnHe` (adds
 * `uid:N ino:N sk:…`) and `-ltnpHe` (both). One row per socket:
 *
 *   LISTEN 0 64 0.0.0.0:41010 0.0.0.0:* users:(("python3",pid=14830,fd=3),("python3",pid=14783,fd=3))
 *   LISTEN 0 128 127.0.0.1:48579 0.0.0.0:* users:(("python3",pid=6987,fd=3)) uid:65534 ino:14879 sk:2 cgroup:/ <->
 *   LISTEN 0 128 0.0.0.0:2024 0.0.0.0:* ino:631 sk:1 cgroup:/ <->      (owner not visible)
 *
 * A socket held by several processes (listen then fork) lists them all in one `users:`;
 * an SO_REUSEPORT group is several rows on the same port. `owners` is null when the row has
 * no `users:` part and -p was not asked for; callers that ran -p treat null as [].
 * With -e, ss prints `uid:` only when it is not 0, so a row with `ino:` and no `uid:` is root's.
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
  // Columns: [Netid] State Recv-Q Send-Q Local Peer [extras…]. Process names in the extras
  // may contain spaces, so only the leading columns are split on whitespace.
  const head = /^\s*(?:tcp\s+)?(?:([A-Z][A-Z-]*)\s+)?(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(.*)$/.exec(line);
  if (!head) return null;
  const state = head[1];
  if (state !== undefined && state !== 'LISTEN') return null;
  const local = parseHostPort(head[4]);
  if (!local) return null;
  const extras = head[6];
  const users = parseUsers(extras);
  const rest = users ? extras.slice(0, users.start) + extras.slice(users.end) : extras;
  const inode = /(?:^|\s)ino:(\d+)/.exec(rest);
  const uid = /(?:^|\s)uid:(\d+)/.exec(rest);
  return {
    ...local,
    inode: inode ? Number(inode[1]) : null,
    uid: uid ? Number(uid[1]) : inode ? 0 : null,
    owners: users ? users.owners : null,
  };
}

/**
 * Reads `users:(("name",pid=1,fd=3),("other name",pid=2,fd=4))`. Names are quoted and may
 * hold spaces, commas and parentheses, so this walks the entries instead of splitting.
 */
function parseUsers(extras: string): { owners: SocketOwner[]; start: number; end: number } | null {
  const start = extras.indexOf('users:(');
  if (start < 0) return null;
  const entry = /\("((?:[^"\\]|\\.)*)",pid=(\d+)(?:,fd=\d+)?\)(,?)/y;
  entry.lastIndex = start + 'users:('.length;
  const owners: SocketOwner[] = [];
  for (let i = 0; i < 10_000; i++) {
    const match = entry.exec(extras);
    if (!match) break;
    const pid = Number(match[2]);
    if (!owners.some((o) => o.pid === pid)) owners.push({ pid, name: match[1] });
    if (match[3] !== ',') break;
  }
  let end = entry.lastIndex;
  if (extras[end] === ')') end++;
  return { owners, start, end };
}
