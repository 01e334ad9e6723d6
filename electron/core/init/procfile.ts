/**
 * Procfile (Heroku, foreman, honcho, overmind): `name: command` per line. Commands that read
 * `$PORT` get it from the runner: foreman and honcho give the first process type 5000 and
 * each next one 100 more, unless PORT is set (in .env, which they load). Pure.
 */
export interface ProcfileEntry {
  name: string;
  command: string;
  line: number;
  /** Position among the process types (0-based), which decides foreman's $PORT. */
  index: number;
}

export function parseProcfile(text: string): ProcfileEntry[] {
  const entries: ProcfileEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(raw.trim());
    if (!m || raw.trim().startsWith('#')) return;
    entries.push({ name: m[1], command: m[2].trim(), line: i + 1, index: entries.length });
  });
  return entries;
}

/** The $PORT foreman and honcho give process type number `index` (base 5000, step 100). */
export function foremanPort(index: number, base = 5000): number {
  return base + 100 * index;
}

/** Does the command use $PORT / ${PORT}? */
export function usesPortVariable(command: string): boolean {
  return /\$\{?PORT\b/.test(command);
}
