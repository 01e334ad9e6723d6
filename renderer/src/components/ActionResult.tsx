import type { ApiError } from '../lib/api-error.ts';
import { adviceFor } from '../lib/api-error.ts';
import type { ActionSummary } from '../lib/wording.ts';

/** The outcome of an action: what was sent and whether it worked, or why it failed. */
export function ActionResult({ summary, error, onDismiss }: { summary: ActionSummary | null; error: ApiError | null; onDismiss(): void }) {
  if (!summary && !error) return null;
  const ok = summary?.ok ?? false;
  return (
    <div className={`result ${ok ? 'result-ok' : 'result-bad'}`} role="status" aria-live="polite">
      <div className="result-text">
        {summary ? (
          <>
            <strong>{summary.headline}</strong>
            <ul>
              {summary.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </>
        ) : (
          <strong>{adviceFor(error!)}</strong>
        )}
      </div>
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss result">
        Dismiss
      </button>
    </div>
  );
}
