import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../lib/chart-series.ts';
import { TIME_LABEL_SPACE, timeAxisLabels } from '../lib/time-axis.ts';

export interface ChartSeries {
  label: string;
  /** CSS colour; read from the theme's custom properties by the caller. */
  stroke: string;
  fill?: string;
}

export interface UPlotChartProps {
  data: Series;
  series: ChartSeries[];
  height?: number;
  /** Unit for the y axis values, e.g. "ms" or "/s". */
  unit: string;
  /** Accessible description, since the canvas itself says nothing to a screen reader. */
  label: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * A thin React wrapper around uPlot: the plot is created once per series layout and fed
 * new data with setData; it follows its container's width.
 */
export function UPlotChart({ data, series, height = 160, unit, label }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const layout = JSON.stringify(series) + unit + height;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const axisColor = cssVar('--muted', '#666');
    const gridColor = cssVar('--grid', 'rgba(128,128,128,0.2)');
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      // Our own legend (with totals) sits above the chart; uPlot's would repeat it.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [
        { ...axis, space: TIME_LABEL_SPACE, values: (_u, ticks, _axis, _space, incr) => timeAxisLabels(ticks, incr) },
        { ...axis, values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(2)} ${unit}`), size: 70 },
      ],
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.stroke, fill: s.fill, width: 2, spanGaps: false, points: { show: false } })),
      ],
    };
    // Created empty; the effect below feeds the data (it runs after this one, also on rebuilds).
    const u = new uPlot(opts, [[], ...series.map(() => [])] as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the layout changes; data flows in through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, layout]);

  return <div className="chart" ref={host} role="img" aria-label={label} />;
}
