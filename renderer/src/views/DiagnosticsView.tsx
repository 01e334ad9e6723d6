import type { Diagnostics } from '../../../electron/core/control/contract.ts';
import { DiagnosticsBanner } from '../components/DiagnosticsBanner.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import type { ApiError } from '../lib/api-error.ts';
import { adviceFor } from '../lib/api-error.ts';
import { formatClock } from '../lib/format.ts';
import { checkTone } from '../lib/tones.ts';

const CHECK_WORDS = { ok: 'OK', warning: 'Warning', critical: 'Critical' } as const;

export function DiagnosticsView({ diagnostics, error }: { diagnostics: Diagnostics | null; error: ApiError | null }) {
  return (
    <section aria-labelledby="diag-title">
      <h2 id="diag-title">Diagnostics</h2>
      {error && <p className="banner banner-warning">Could not load diagnostics: {adviceFor(error)}</p>}
      {!diagnostics ? (
        !error && <p className="muted">Loading diagnostics…</p>
      ) : (
        <>
          <DiagnosticsBanner diagnostics={diagnostics} />
          {diagnostics.checks.length > 0 && diagnostics.summary.critical.length === 0 && diagnostics.summary.warnings.length === 0 && (
            <div className="banner banner-ok" role="status">
              {diagnostics.checks.length === 1 ? 'The one check passed.' : `All ${diagnostics.checks.length} checks passed.`}
            </div>
          )}
          <table className="checks">
            <caption>Every check, generated at {formatClock(diagnostics.generatedAt)}</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Status</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {diagnostics.checks.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>
                    <StatusBadge tone={checkTone(c.status)} label={CHECK_WORDS[c.status]} />
                  </td>
                  <td>
                    {c.message}
                    {c.details && Object.keys(c.details).length > 0 && (
                      <details>
                        <summary>Details</summary>
                        <pre className="mono">{JSON.stringify(c.details, null, 2)}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
