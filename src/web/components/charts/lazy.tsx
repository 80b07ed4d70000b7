import { type ComponentProps, lazy, Suspense } from 'react';
import { Skeleton } from '../ui/states.tsx';

// Recharts is large: pages that show one small chart (Overview, System, User 360) load it on demand,
// so their own code stays light; the Analytics page imports the charts directly.
const TimeChartImpl = lazy(() =>
  import('./time-chart.tsx').then((module) => ({ default: module.TimeChart })),
);
const SparklineImpl = lazy(() => import('./sparkline.tsx').then((module) => ({ default: module.Sparkline })));

export function LazyTimeChart(props: ComponentProps<typeof TimeChartImpl>) {
  return (
    <Suspense fallback={<Skeleton className="mx-3 my-2" />}>
      <TimeChartImpl {...props} />
    </Suspense>
  );
}

export function LazySparkline(props: ComponentProps<typeof SparklineImpl>) {
  return (
    <Suspense fallback={<div aria-hidden style={{ height: props.height ?? 36 }} />}>
      <SparklineImpl {...props} />
    </Suspense>
  );
}
