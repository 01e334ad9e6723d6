import { lazy, Suspense } from 'react';
import type { UPlotChartProps } from './UPlotChart.tsx';

// uPlot is loaded with the first chart shown, not with the page (it also touches
// matchMedia and canvas as soon as it is imported).
const UPlotChart = lazy(() => import('./UPlotChart.tsx').then((m) => ({ default: m.UPlotChart })));

/** A uPlot chart, loaded on demand, with a same-height placeholder meanwhile. */
export function Chart(props: UPlotChartProps) {
  return (
    <Suspense fallback={<div className="chart" style={{ height: props.height ?? 160 }} aria-busy="true" />}>
      <UPlotChart {...props} />
    </Suspense>
  );
}
