import { Link } from '@tanstack/react-router';
import { LineChart } from 'lucide-react';
import { type MetricKey, metricDef } from '../../../../contracts/analytics.ts';
import { LazySparkline } from '../../../components/charts/lazy.tsx';
import { metricColor } from '../../../components/charts/palette.ts';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { can, useMe } from '../../auth/auth.api.ts';
import { formatFigure, useAnalytics } from '../analytics.api.ts';
import { ChangeBadge } from './analytics-tile.tsx';

const SHOWN: MetricKey[] = ['signins_ok', 'orders', 'open_missions', 'signins_failed'];

/**
 * The Overview's day at a glance: today so far, hour by hour, against yesterday at the same time (the
 * dashed line). Reads the Analytics figures for "today"; hidden for a role without view_analytics.
 */
export function DayAtAGlance() {
  const me = useMe().data;
  const allowed = can(me, 'view_analytics');
  if (!allowed) return null;
  return <DayAtAGlanceCard />;
}

function DayAtAGlanceCard() {
  const today = useAnalytics({ range: 'today' });
  const data = today.data;
  return (
    <Card className="mt-4">
      <CardHeader
        title="Today at a glance"
        icon={<LineChart className="size-4 text-zinc-400" aria-hidden />}
        actions={
          <Link
            to="/analytics"
            search={{ range: 'today' }}
            className="text-xs text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Analytics
          </Link>
        }
      />
      <ul
        className="grid grid-cols-[repeat(auto-fill,minmax(min(10rem,100%),1fr))] gap-px"
        data-testid="day-at-a-glance"
      >
        {SHOWN.map((key) => {
          const metric = metricDef(key)!;
          const tile = data?.tiles.find((each) => each.key === key);
          return (
            <li key={key} className="px-4 py-3" data-testid={`glance-${key}`}>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">{metric.label}</p>
              <p className="flex items-baseline gap-2">
                <span className="text-lg font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">
                  {tile ? formatFigure(metric.format, tile.value) : '—'}
                </span>
                {tile && (
                  <ChangeBadge
                    value={tile.value}
                    previous={tile.previous}
                    lowerIsBetter={metric.lowerIsBetter}
                    label="vs yesterday at this time"
                  />
                )}
              </p>
              {data && (
                <LazySparkline
                  values={data.buckets.map((bucket) => bucket.values[key] ?? 0)}
                  previous={data.previousBuckets.map((bucket) => bucket.values[key] ?? 0)}
                  color={metricColor(key)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
