import type { ApiError } from '../lib/api-error.ts';
import { adviceFor } from '../lib/api-error.ts';
import type { ConnectionStatus } from '../lib/event-stream.ts';

/** Full-page message when the dashboard cannot show anything: it says what to do. */
export function BlockingError({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const title =
    error.code === 'unauthorized' ? 'Wrong or missing access token' : error.code === 'unreachable' ? 'Portwarden is not reachable' : 'Portwarden could not be loaded';
  return (
    <div className="card blocking" role="alert">
      <h2>{title}</h2>
      <p>{adviceFor(error)}</p>
      {error.code !== 'unauthorized' && error.code !== 'unreachable' && <p className="mono muted">{error.message}</p>}
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** A thin bar while live updates are interrupted, so stale data is not mistaken for current. */
export function ConnectionBar({ status }: { status: ConnectionStatus }) {
  if (status.kind === 'open' || status.kind === 'connecting') return null;
  const text =
    status.kind === 'reconnecting'
      ? `Live updates interrupted (${status.reason}) — reconnecting… The figures below may be out of date.`
      : status.kind === 'unauthorized'
        ? 'Live updates refused: the access token is wrong. Open the address “portwarden serve” printed.'
        : 'Live updates refused for this origin. Open the address “portwarden serve” printed.';
  return (
    <div className="banner banner-warning" role="status">
      {text}
    </div>
  );
}
