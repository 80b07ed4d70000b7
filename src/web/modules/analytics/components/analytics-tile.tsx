import { Link } from '@tanstack/react-router';
import type { DrillLink } from '../../../../contracts/analytics.ts';
import { changePercent, type MetricDef } from '../../../../contracts/analytics.ts';
import { cn } from '../../../components/ui/cn.ts';
import { formatFigure } from '../analytics.api.ts';

/** ▲ 12.5 % / ▼ 3 % / = beside a figure; green when it went the good way, red when the bad way. */
export function ChangeBadge({
  value,
  previous,
  lowerIsBetter = false,
  label = 'vs previous period',
}: {
  value: number;
  previous: number;
  lowerIsBetter?: boolean;
  label?: string;
}) {
  const change = changePercent(value, previous);
  const up = value > previous;
  const same = value === previous;
  const good = same ? null : up !== lowerIsBetter;
  const text = same ? '=' : change === null ? (up ? '▲ new' : '▼') : `${up ? '▲' : '▼'} ${Math.abs(change)}%`;
  return (
    <span
      className={cn(
        'text-xs font-medium tabular-nums',
        good === null
          ? 'text-zinc-500'
          : good
            ? 'text-emerald-700 dark:text-emerald-400'
            : 'text-red-600 dark:text-red-400',
      )}
    >
      {text}
      <span className="sr-only">
        {' '}
        {label} ({same ? 'unchanged' : up ? 'up' : 'down'})
      </span>
    </span>
  );
}

/** One figure of the range, its previous period, and (when the metric has one) its drill-down. */
export function AnalyticsTile({
  metric,
  value,
  previous,
  drill,
}: {
  metric: MetricDef;
  value: number;
  previous: number;
  drill: DrillLink | null;
}) {
  const body = (
    <>
      <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{metric.label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-zinc-100">
        {formatFigure(metric.format, value)}
      </p>
      <p className="mt-1 flex flex-wrap items-baseline gap-x-1.5 text-xs text-zinc-500">
        <ChangeBadge value={value} previous={previous} lowerIsBetter={metric.lowerIsBetter} />
        <span>vs {formatFigure(metric.format, previous)} before</span>
      </p>
    </>
  );
  const frame =
    'block rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60';
  return drill ? (
    <Link
      to={drill.to}
      search={drill.search}
      title={`${metric.description} Open the list.`}
      data-testid={`tile-${metric.key}`}
      className={cn(
        frame,
        'hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:border-indigo-700',
      )}
    >
      {body}
    </Link>
  ) : (
    <div className={frame} title={metric.description} data-testid={`tile-${metric.key}`}>
      {body}
    </div>
  );
}
