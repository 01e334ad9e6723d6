import type { ApiError } from '../lib/api-error.ts';
import { adviceFor } from '../lib/api-error.ts';

/** Full-page message when the dashboard cannot show anything: it says what to do. */
export function BlockingError({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const title =
    error.code === 'unauthorized'
      ? 'Wrong or missing access token'
      : error.code === 'unreachable'
        ? 'Portwarden is not reachable'
        : 'Portwarden could not be loaded';
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
