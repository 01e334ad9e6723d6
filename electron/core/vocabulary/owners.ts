/** Words for processes and the owners of a port. Pure. */
import { formatStartedAgo } from './time.ts';
import type { ListenerWords, OwnerMismatch, OwnerWords, ProcessWords, WordOptions } from '../model/words.ts';
import { visibleText } from './visible-text.ts';

/**
 * An owner the OS does not show. Without root it belongs to another user; as root every
 * process of our pid namespace is visible, so it runs in another one (a container).
 */
export function invisibleOwner(elevated = false): string {
  return elevated
    ? 'a process in another pid namespace (not visible even to root: a container?)'
    : 'a process not visible to this user (another user’s; run as root to see it)';
}

/** What to do about an invisible owner, for the CLI's `?` rows and kill results. */
export function invisibleOwnerHint(elevated = false): string {
  return elevated
    ? '? = owner not visible even to root: it runs in another pid namespace (a container?) — look there'
    : '? = owner not visible to this user — run as root/elevated to see it';
}

/** The reason a free could not stop an invisible owner. */
export function invisibleOwnerReason(elevated = false): string {
  return elevated
    ? 'in use, but the owner is not visible even with root rights: it runs in another pid namespace (a container?) — stop it there'
    : 'in use, but the owner is not visible to this user — run as root/elevated';
}

/**
 * "python3 (pid 4121)", with `now` "python3 (pid 4121, started 3 h ago)". The name is the
 * process's own choice: its control characters are shown as escapes, never obeyed
 * (visible-text.ts), so a name cannot add a line to a sentence, menu or table.
 */
export function processLabel(p: ProcessWords, options: WordOptions = {}): string {
  if (p.pid === null) return invisibleOwner(options.elevated);
  const age = options.now !== undefined ? `, ${formatStartedAgo(p.startedAt ?? null, options.now)}` : '';
  return `${visibleText(p.name ?? 'unknown')} (pid ${p.pid}${age})`;
}

/** "a, b and c". */
export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** One row per pid (a process with an IPv4 and an IPv6 socket appears once); invisible rows once. */
export function uniqueProcesses<T extends ProcessWords>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of rows) {
    const key = String(r.pid);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/**
 * Listeners grouped by party: a parent and the children sharing its socket (a reloader and
 * its worker) are one family, headed by the eldest. Invisible rows form one family each.
 */
export function families<T extends ListenerWords>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of uniqueProcesses(rows)) {
    const key = r.pid === null ? `unknown@${r.address}` : `pid:${r.partyPid ?? r.pid}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  // The head first: the one whose pid is the party's, else the lowest pid.
  return [...groups.values()].map((list) =>
    [...list].sort(
      (a, b) => Number(b.pid === (b.partyPid ?? b.pid)) - Number(a.pid === (a.partyPid ?? a.pid)) || (a.pid ?? 0) - (b.pid ?? 0),
    ),
  );
}

/** "uvicorn (pid 10) with its child python3 (pid 11)", "node (pid 5) with 2 children (pids 6, 7)". */
export function familyLabel(members: readonly ListenerWords[], options: WordOptions = {}): string {
  const [head, ...rest] = members;
  if (!head) return '';
  const label = processLabel(head, options);
  if (rest.length === 0) return label;
  if (rest.length === 1) {
    const child = rest[0]!;
    const same = child.name === head.name;
    return `${label} with its child ${same ? `(pid ${child.pid})` : processLabel(child)}`;
  }
  return `${label} with ${rest.length} children (pids ${rest.map((r) => r.pid).join(', ')})`;
}

/** "python3 (pid 4121) holds 8000", "a and b hold 8000" — one entry per family. */
export function holdsSentence(rows: readonly ListenerWords[], port: number, options: WordOptions = {}): string {
  const groups = families(rows);
  const names = groups.map((g) => familyLabel(g, options));
  return `${joinWords(names)} ${groups.length > 1 ? 'hold' : 'holds'} ${port}`;
}

/** "uvicorn main:app as www in /srv/api (unit api.service)" — what an owner matcher expects. */
export function expectedOwner(owner: OwnerWords): string {
  const parts: string[] = [];
  parts.push(owner.command ? owner.command : 'a process');
  if (owner.user) parts.push(`as ${owner.user}`);
  if (owner.cwd) parts.push(`in ${owner.cwd}`);
  if (owner.unit) parts.push(`(unit ${owner.unit})`);
  return parts.join(' ');
}

/** Why a listener is not the expected owner: "its command is “python3 -m uvicorn app:app”". */
export function mismatchWords(m: OwnerMismatch): string {
  if (m.actual === null) return `its ${m.field === 'unit' ? 'systemd unit' : m.field} is not visible to this user`;
  switch (m.field) {
    case 'command':
      return `its command is “${m.actual}”`;
    case 'user':
      return `it runs as ${m.actual}`;
    case 'cwd':
      return `it runs in ${m.actual}`;
    case 'unit':
      return m.actual === '' ? 'it is in no systemd unit' : `it is in unit ${m.actual}`;
  }
}
