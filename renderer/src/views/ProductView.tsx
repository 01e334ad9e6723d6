import { useCallback, useMemo, useState } from 'react';
import type { Dispatch } from 'react';
import type { ControlApi, ProductServiceState } from '../../../electron/core/control/contract.ts';
import { ActionResult } from '../components/ActionResult.tsx';
import { Stat } from '../components/Stat.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Chart } from '../components/Chart.tsx';
import { useAction } from '../hooks/use-action.ts';
import { usePolled } from '../hooks/use-polled.ts';
import { useThemeColors } from '../hooks/use-theme-colors.ts';
import { adviceFor } from '../lib/api-error.ts';
import { addSample, OUTCOMES, outcomeRateSeries, queriesAvoided } from '../lib/chart-series.ts';
import type { MetricSample } from '../lib/chart-series.ts';
import type { DashboardAction } from '../lib/dashboard-state.ts';
import { formatBits, formatCount, formatPercent } from '../lib/format.ts';

/** How often the metrics are sampled for the live chart (the event stream does not carry counters). */
export const PRODUCT_SAMPLE_MS = 2000;

export function ProductView({ api, dispatch }: { api: ControlApi; dispatch: Dispatch<DashboardAction> }) {
  const [samples, setSamples] = useState<MetricSample[]>([]);
  const colors = useThemeColors();
  const action = useAction<ProductServiceState>();
  const load = useCallback(() => api.getProductServiceState(), [api]);
  const onData = useCallback(
    (p: ProductServiceState) => {
      dispatch({ type: 'product', product: p });
      if (p.metrics) setSamples((s) => addSample(s, { at: Date.now(), metrics: p.metrics! }));
    },
    [dispatch],
  );
  const { data: product, error } = usePolled(load, PRODUCT_SAMPLE_MS, action.result, onData);
  const chartData = useMemo(() => outcomeRateSeries(samples), [samples]);
  const series = useMemo(() => OUTCOMES.map((o, i) => ({ label: o.label, stroke: colors.series[i] })), [colors]);
  const bloom = product?.bloom ?? null;
  const metrics = product?.metrics ?? null;
  const { avoided, total } = queriesAvoided(metrics);

  return (
    <section aria-labelledby="product-title">
      <div className="section-header">
        <h2 id="product-title">Product service</h2>
        {product && (
          <StatusBadge
            tone={product.running ? 'good' : product.enabled ? 'bad' : 'idle'}
            label={product.running ? 'Running' : product.enabled ? 'Not running' : 'Disabled'}
          />
        )}
        <div className="spacer" />
        {product && (
          <button
            type="button"
            disabled={action.busy !== null}
            onClick={() => void action.run('toggle', () => (product.running ? api.stopProductService() : api.startProductService()))}
          >
            {product.running ? 'Stop service' : 'Start service'}
          </button>
        )}
      </div>
      {error && <p className="banner banner-warning">Could not load the product service: {adviceFor(error)}</p>}
      {action.error && <ActionResult summary={null} error={action.error} onDismiss={action.clear} />}
      {!product ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          {product.url && (
            <p>
              Serving at{' '}
              <a href={product.url} className="mono">
                {product.url}
              </a>{' '}
              — <span className="mono">GET /products/&#123;id&#125;</span>: Bloom filter → cache → database.
            </p>
          )}
          {product.productsLoad && <ProductsLoadReport load={product.productsLoad} />}
          <div className="stats">
            <Stat
              label="Filter size"
              value={bloom ? `${formatCount(bloom.bit_array_size)} bits (${formatBits(bloom.bit_array_size)})` : '—'}
              hint={bloom ? `${bloom.hash_function_count} hash functions` : undefined}
            />
            <Stat
              label="Items"
              value={bloom ? `${formatCount(bloom.current_items)} / ${formatCount(bloom.expected_items)}` : '—'}
              hint="in the filter / designed for"
            />
            <Stat label="Fill" value={formatPercent(bloom?.fill_ratio)} hint="bits set" />
            <Stat
              label="Estimated false positives"
              value={formatPercent(bloom?.estimated_false_positive_rate)}
              hint={bloom ? `target ${formatPercent(bloom.false_positive_rate)}` : undefined}
            />
            <Stat
              label="Database queries avoided"
              value={formatCount(avoided)}
              hint={total > 0 ? `${formatPercent(avoided / total)} of ${formatCount(total)} lookups` : 'no lookups yet'}
              testId="queries-avoided"
            />
          </div>
          <div className="card">
            <h3>Requests by outcome</h3>
            <ul className="outcome-totals">
              {OUTCOMES.map((o, i) => (
                <li key={o.key}>
                  <span className="swatch" style={{ background: colors.series[i] }} aria-hidden="true" />
                  {o.label}: <strong data-metric={o.key}>{formatCount(metrics?.[o.key] ?? 0)}</strong>
                </li>
              ))}
            </ul>
            {/* One point has no time span: uPlot would invent an axis of years around it. */}
            {chartData[0].length >= 2 ? (
              <Chart data={chartData} series={series} unit="/s" label="Requests per second by outcome" />
            ) : product.running ? (
              <p className="muted">The live chart starts after three samples ({PRODUCT_SAMPLE_MS / 1000} s apart).</p>
            ) : (
              <p className="muted">The chart runs while the product service is running.</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** What loading the products file did; bad lines by number, so they can be fixed. */
function ProductsLoadReport({ load }: { load: NonNullable<ProductServiceState['productsLoad']> }) {
  const summary = `Loaded ${formatCount(load.accepted)} products from ${load.file} (${formatCount(load.inserted)} new).`;
  if (load.problemCount === 0) return <p className="muted">{summary}</p>;
  return (
    <div className="banner banner-warning" role="status">
      <p>
        {summary} {load.problemCount === 1 ? '1 line was skipped:' : `${formatCount(load.problemCount)} lines were skipped:`}
      </p>
      <ul className="load-problems">
        {load.problems.map((p) => (
          <li key={p.line}>
            <span className="mono">line {p.line}</span>: {p.message} — <span className="mono">{p.text}</span>
          </li>
        ))}
      </ul>
      {load.problemCount > load.problems.length && <p>…and {formatCount(load.problemCount - load.problems.length)} more (see the log).</p>}
    </div>
  );
}
