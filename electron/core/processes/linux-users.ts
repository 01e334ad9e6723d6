import { readFile } from 'node:fs/promises';

/** Parses /etc/passwd text into uid → user name (first entry wins, as getpwuid does). */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 3) continue;
    const uid = Number(fields[2]);
    if (fields[0] !== '' && Number.isInteger(uid) && !users.has(uid)) users.set(uid, fields[0]);
  }
  return users;
}

/** Maps uids to user names; the answer is the uid as text when no name is known. */
export interface UserNames {
  nameOf(uid: number): Promise<string>;
}

export interface UserNamesOptions {
  /** Default /etc/passwd. */
  passwdPath?: string;
  /** Re-read the file on an unknown uid at most this often. Default 10 s. */
  refreshMs?: number;
  now?: () => number;
}

/**
 * Reads /etc/passwd once and caches it. An unknown uid triggers at most one re-read per
 * `refreshMs`, so a user created while Portwarden runs is named soon without re-reading the
 * file on every poll. (Users from LDAP/NSS are not in the file; they show as the uid.)
 */
export function createUserNames(options: UserNamesOptions = {}): UserNames {
  const passwdPath = options.passwdPath ?? '/etc/passwd';
  const refreshMs = options.refreshMs ?? 10_000;
  const now = options.now ?? Date.now;
  let users: Map<number, string> | null = null;
  let loadedAt = 0;
  let loading: Promise<Map<number, string>> | null = null;

  const load = (): Promise<Map<number, string>> => {
    loading ??= readFile(passwdPath, 'utf8')
      .then(parsePasswd, () => new Map<number, string>())
      .then((map) => {
        users = map;
        loadedAt = now();
        loading = null;
        return map;
      });
    return loading;
  };

  return {
    async nameOf(uid: number): Promise<string> {
      let map = users ?? (await load());
      if (!map.has(uid) && now() - loadedAt >= refreshMs) map = await load();
      return map.get(uid) ?? String(uid);
    },
  };
}
