/**
 * The human listeners table of `ports` and `check`: one row per owner, with the parent pid
 * so a reloader's parent and its worker read as one family.
 */
import { behindLabel } from '../core/vocabulary/index.ts';
import { sortListeners } from '../core/ports/index.ts';
import type { ListenerRecord } from '../core/control/contract.ts';
import { formatTable } from './format-table.ts';
import { invisibleOwnerHint } from '../core/vocabulary/index.ts';

/** What a `?` owner means: as root, another pid namespace; else another user's process (core/vocabulary). */
export const OWNER_HINT = invisibleOwnerHint(process.getuid?.() === 0);

/**
 * PORT, ADDRESS, FAMILY, PID, PPID, USER, NAME, PROJECT, COMMAND (FAMILY, PROJECT and USER
 * are left out when the terminal is too narrow for the command). A project that cannot be
 * told (no working directory to read, a daemon in `/`) shows as `-`; for a port forwarder
 * PROJECT names what it forwards for (`docker:web`, `wsl:Ubuntu`).
 */
export function listenersTable(rows: readonly ListenerRecord[], width?: number): string {
  const sorted = sortListeners([...rows]);
  const table = formatTable(
    [
      // In a narrow terminal FAMILY (the address says it), then PROJECT, then USER make room
      // for COMMAND, the column that tells a rogue from the real server (format-table.ts).
      { header: 'PORT', align: 'right' },
      { header: 'ADDRESS' },
      { header: 'FAMILY', dropRank: 1 },
      { header: 'PID', align: 'right' },
      { header: 'PPID', align: 'right' },
      { header: 'USER', dropRank: 3 },
      { header: 'NAME' },
      { header: 'PROJECT', dropRank: 2 },
      { header: 'COMMAND' },
    ],
    sorted.map((r) => [
      String(r.port),
      r.address,
      r.family,
      r.pid === null ? '?' : String(r.pid),
      r.pid === null || r.ppid === null ? '?' : String(r.ppid),
      r.user ?? '?',
      r.name ?? '?',
      r.pid === null ? '?' : r.behind ? behindLabel(r.behind) : (r.project ?? '-'),
      r.command ?? '',
    ]),
    width,
  );
  return sorted.some((r) => r.pid === null) ? `${table}\n\n${OWNER_HINT}` : table;
}
