import { useMemo } from 'react';
import type { PortHealth, PortState } from '../../../electron/core/control/contract.ts';
import { healthLatencySeries } from '../lib/chart-series.ts';
import { formatLatency, formatStartedAgo } from '../lib/format.ts';
import { healthTone } from '../lib/tones.ts';
import { describeAnswer, routeVerdict } from '../lib/wording.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { Chart } from './Chart.tsx';

const STATE_WORDS: Record<PortHealth['state'], string> = { unknown: 'Not checked yet', healthy: 'Healthy', unhealthy: 'Unhealthy' };

/** One probe: state, latency, who answered, a latency chart and the route table. */
export function HealthCard({ port, health, now, stroke }: { port: PortState; health: PortHealth; now: number; stroke: string }) {
  const data = useMemo(() => healthLatencySeries(health.history), [health.history]);
  const series = useMemo(() => [{ label: 'Latency', stroke }], [stroke]);
  return (
    <article className="card" aria-labelledby={`health-${port.port}-title`}>
      <header className="card-header">
        <h3 id={`health-${port.port}-title`}>
          <span className="mono">{port.port}</span> {port.name && <span className="muted">{port.name}</span>}
        </h3>
        <StatusBadge tone={healthTone(health.state)} label={STATE_WORDS[health.state]} />
        <div className="spacer" />
        <span className="muted">
          {health.checkedAt ? `checked ${formatStartedAgo(health.checkedAt, now).replace('started ', '')}` : ''}
        </span>
      </header>
      <dl className="facts">
        <dt>Probe</dt>
        <dd className="mono">
          {health.kind.toUpperCase()} {health.target}
        </dd>
        <dt>Latency</dt>
        <dd>{formatLatency(health.latencyMs)}</dd>
        <dt>Status</dt>
        <dd>{health.status ?? '—'}</dd>
        <dt>Answered by</dt>
        <dd>{health.answeredBy ? describeAnswer(health.answeredBy, port) : '—'}</dd>
        {health.error && (
          <>
            <dt>Error</dt>
            <dd className="bad-text">{health.error}</dd>
          </>
        )}
      </dl>
      <h4>Latency, last {health.history.length} probes (gaps are failed probes)</h4>
      {health.history.length <= 1 ? (
        <p className="muted">The latency chart appears after a few probes.</p>
      ) : health.history.every((h) => !h.ok || h.latencyMs === null) ? (
        <p className="muted">No probe has passed yet, so there is no latency to chart (failed probes are gaps).</p>
      ) : (
        <Chart data={data} series={series} unit="ms" height={120} label={`Latency history of port ${port.port}`} />
      )}
      {health.routes.length > 0 && (
        <table className="routes">
          <caption>Routes</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {health.routes.map((r) => {
              const verdict = routeVerdict(r);
              return (
                <tr key={r.path}>
                  <td className="mono">{r.path}</td>
                  <td>{r.status ?? '—'}</td>
                  <td>{formatLatency(r.latencyMs)}</td>
                  <td>
                    <StatusBadge tone={verdict.ok ? 'good' : 'bad'} label={verdict.label} />
                    {verdict.detail && <div className="bad-text route-detail">{verdict.detail}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </article>
  );
}
