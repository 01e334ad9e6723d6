/**
 * The owner matcher of a watched port (`ports[].owner` in portwarden.json): every given
 * field must match. `command` is a substring of the command line, `user` the user name,
 * `cwd` a prefix of the working directory, `unit` the systemd unit from the process's
 * cgroup. Pure; a fact that is not visible (null) never matches.
 */
import type { OwnerMatcher } from '../model/config.ts';
import type { OwnerMismatch } from '../model/words.ts';

/** What is known about one listener's process. null: not visible to this user. */
export interface OwnerFacts {
  command: string | null;
  user: string | null;
  cwd: string | null;
  /** '' when the process is in no systemd unit; null when the cgroup could not be read. */
  unit: string | null;
}

/** `/srv/api` is a prefix of `/srv/api/v2` but not of `/srv/api2`. */
function underDir(dir: string, prefix: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  return dir === p || dir.startsWith(p.endsWith('/') ? p : `${p}/`);
}

/** How `facts` differ from `owner`; empty when every given field matches. */
export function ownerMismatches(owner: OwnerMatcher, facts: OwnerFacts): OwnerMismatch[] {
  const out: OwnerMismatch[] = [];
  const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
  if (owner.command !== undefined && (facts.command === null || !collapse(facts.command).includes(collapse(owner.command)))) {
    out.push({ field: 'command', expected: owner.command, actual: facts.command });
  }
  if (owner.user !== undefined && facts.user !== owner.user) out.push({ field: 'user', expected: owner.user, actual: facts.user });
  if (owner.cwd !== undefined && (facts.cwd === null || !underDir(facts.cwd, owner.cwd)))
    out.push({ field: 'cwd', expected: owner.cwd, actual: facts.cwd });
  if (owner.unit !== undefined && facts.unit !== owner.unit) out.push({ field: 'unit', expected: owner.unit, actual: facts.unit });
  return out;
}
