import { pausedNotice } from '../../../electron/core/vocabulary/index.ts';
import { formatClock } from '../lib/format.ts';

/** While monitoring is paused: everything shown is as of the last look at the OS (trial S2). */
export function PausedNotice({ observedAt }: { observedAt: number | null }) {
  return (
    <div className="card paused-notice" role="status">
      {pausedNotice(observedAt !== null ? formatClock(observedAt) : null)}
    </div>
  );
}
