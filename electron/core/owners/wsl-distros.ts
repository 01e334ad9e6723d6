/**
 * `wsl.exe --list --verbose`: which WSL distributions run. wsl.exe writes UTF-16LE unless
 * WSL_UTF8=1 is set (older builds ignore it), so NUL bytes between the characters are
 * dropped before parsing. The table:
 *
 *     NAME                   STATE           VERSION
 *   * Ubuntu-22.04           Running         2
 *     docker-desktop         Running         2
 *     Debian                 Stopped         2
 *
 * The state word is English whatever the Windows language. Pure.
 */

export interface WslDistro {
  name: string;
  running: boolean;
  isDefault: boolean;
  version: number | null;
}

export function parseWslList(text: string): WslDistro[] {
  // UTF-16LE read as UTF-8 leaves a NUL after every ASCII character: drop them.
  const clean = text
    .split('\u0000')
    .join('')
    .replace(/^\uFEFF/, '');
  const distros: WslDistro[] = [];
  for (const raw of clean.split(/\r?\n/)) {
    const m = /^\s*(\*)?\s*(\S(?:.*\S)?)\s+(Running|Stopped|Installing|Uninstalling|Converting)\s+(\d+)\s*$/.exec(raw);
    if (!m || m[2] === 'NAME') continue;
    distros.push({ name: m[2], running: m[3] === 'Running', isDefault: m[1] === '*', version: Number(m[4]) });
  }
  return distros;
}

/** Docker Desktop's own distributions run its engine, not the user's servers. */
const DOCKER_DESKTOP = new Set(['docker-desktop', 'docker-desktop-data']);

/**
 * The distribution a wslrelay.exe port comes from: the only running WSL 2 distribution of
 * the user's; null when none or several run (then it cannot be told which).
 */
export function relayedDistro(distros: readonly WslDistro[]): string | null {
  const running = distros.filter((d) => d.running && d.version !== 1 && !DOCKER_DESKTOP.has(d.name.toLowerCase()));
  return running.length === 1 ? running[0]!.name : null;
}
