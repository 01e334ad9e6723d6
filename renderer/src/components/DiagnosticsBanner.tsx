import type { Diagnostics } from '../../../electron/core/control/contract.ts';

/**
 * Seed 002's lesson: errors must be prominent, not buried in a log. Red for critical
 * checks (must fix), yellow for warnings (may affect functionality).
 */
export function DiagnosticsBanner({ diagnostics, onOpen, compact }: { diagnostics: Diagnostics; onOpen?(): void; compact?: boolean }) {
  const critical = diagnostics.checks.filter((c) => c.status === 'critical');
  const warnings = diagnostics.checks.filter((c) => c.status === 'warning');
  if (compact) {
    // On the other views: one line that names the problems and leads to the details.
    if (critical.length === 0) return null;
    return (
      <div className="banner banner-critical banner-compact" role="alert">
        <strong>{critical.length === 1 ? '1 critical problem' : `${critical.length} critical problems`}:</strong>{' '}
        {critical.map((c) => c.message).join(' · ')}{' '}
        {onOpen && (
          <button type="button" className="link" onClick={onOpen}>
            Open diagnostics
          </button>
        )}
      </div>
    );
  }
  return (
    <>
      {critical.length > 0 && (
        <div className="banner banner-critical" role="alert">
          <strong>{critical.length === 1 ? '1 critical problem' : `${critical.length} critical problems`} — must be fixed:</strong>
          <ul>
            {critical.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong>: {c.message}
              </li>
            ))}
          </ul>
          {onOpen && (
            <button type="button" className="link" onClick={onOpen}>
              Open diagnostics
            </button>
          )}
        </div>
      )}
      {warnings.length > 0 && (
        <div className="banner banner-warning" role="status">
          <strong>{warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}:</strong>
          <ul>
            {warnings.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong>: {c.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
