import { connectionBanner } from '../../../electron/core/vocabulary/index.ts';
import type { ConnectionStatus } from '../lib/event-stream.ts';

/** A thin bar while live updates are interrupted or refused, so stale data is not mistaken for current. */
export function ConnectionBar({ status }: { status: ConnectionStatus }) {
  if (status.kind === 'open' || status.kind === 'connecting') return null;
  return (
    <div className="banner banner-warning" role="status">
      {connectionBanner(status)}
    </div>
  );
}
