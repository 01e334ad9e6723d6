/**
 * The per-process report of a kill transaction (`free` and `kill`): what was sent to whom
 * and what happened, one row per target.
 */
import type { KillAction } from '../core/control/contract.ts';
import { formatTable } from './format-table.ts';

/** How SIGTERM reached a target and why it was refused, in words. */
function detail(a: KillAction): string {
  const reach =
    a.via === 'group'
      ? 'process group'
      : a.via === 'tree' && (a.alsoSignalled?.length ?? 0) > 0
        ? `with ${a.alsoSignalled?.length} descendant(s)`
        : '';
  return [reach, a.reason ?? ''].filter(Boolean).join('; ');
}

/** PID, NAME, SIGNALS, RESULT, DETAIL. */
export function actionsTable(actions: readonly KillAction[], width?: number): string {
  return formatTable(
    [{ header: 'PID', align: 'right' }, { header: 'NAME' }, { header: 'SIGNALS' }, { header: 'RESULT' }, { header: 'DETAIL' }],
    actions.map((a) => [
      a.pid === null ? '?' : String(a.pid),
      a.name ?? '?',
      a.signals.length > 0 ? a.signals.join(',') : '-',
      a.result,
      detail(a),
    ]),
    width,
  );
}
