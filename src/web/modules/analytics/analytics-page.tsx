import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { BarChart3 } from 'lucide-react';
import { CHARTS, type MetricDef, metricDef, TILES } from '../../../contracts/analytics.ts';
import { metricColor, utcOffsetLabel } from '../../components/charts/palette.ts';
import { TimeChart } from '../../components/charts/time-chart.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Card, CardHeader } from '../../components/ui/card.tsx';
import { ErrorState, Skeleton } from '../../components/ui/states.tsx';
import { Enhanced, useEnhanced, useEnhancedItems } from '../../lib/enhanced.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import {
  ANALYTICS_PATH,
  type AnalyticsSearch,
  drillFor,
  formatFigure,
  useAnalytics,
} from './analytics.api.ts';
import { AnalyticsRangePicker } from './components/analytics-range-picker.tsx';
import { AnalyticsSearchTerms } from './components/analytics-search-terms.tsx';
import { AnalyticsTile } from './components/analytics-tile.tsx';

const route = getRouteApi('/_console/analytics');

const dateTimeIn = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });

/** The Analytics tab: tiles and charts for one time range, kept in the URL. */
export function AnalyticsPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const figures = useAnalytics(search);
  const data = figures.data;
  // Seed 001's additions (ADMIN_ENHANCED): the range picker, the Active Users tile and drill-downs.
  const enhanced = useEnhanced();
  const tiles = useEnhancedItems(TILES, (key) => key === 'active_users');
  usePageTelemetry('/analytics', ANALYTICS_PATH, data ? data.buckets.length : undefined);

  const setRange = (next: AnalyticsSearch) => void navigate({ to: '/analytics', search: next });
  const bucketWindow = (index: number) => {
    const buckets = data?.buckets ?? [];
    return { from: buckets[index]!.at, to: buckets[index + 1]?.at ?? data!.window.to };
  };

  return (
    <div className="mx-auto max-w-6xl" data-testid="analytics-page">
      <PageHeader
        title="Analytics"
        description="Is it getting better or worse? Every figure beside the period before it."
        actions={
          <Enhanced>
            <AnalyticsRangePicker search={search} onChange={setRange} />
          </Enhanced>
        }
      />
      {figures.isError && !data ? (
        <Card>
          <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />
        </Card>
      ) : (
        <>
          <p className="mb-3 text-xs text-zinc-500" data-testid="analytics-window">
            {data ? (
              <>
                {dateTimeIn(data.window.from, data.window.tz)} – {dateTimeIn(data.window.to, data.window.tz)}{' '}
                · {data.window.granularity === 'hour' ? 'per hour' : 'per day'} · times in {data.window.tz} (
                {utcOffsetLabel(data.window.tz)})
              </>
            ) : (
              'Loading…'
            )}
          </p>
          <div
            className="grid grid-cols-[repeat(auto-fill,minmax(min(9.5rem,100%),1fr))] gap-3"
            aria-busy={figures.isFetching}
          >
            {tiles.map((key) => {
              const metric = metricDef(key)!;
              const tile = data?.tiles.find((each) => each.key === key);
              if (!data || !tile) return <Skeleton key={key} className="h-[104px] rounded-lg" />;
              return (
                <AnalyticsTile
                  key={key}
                  metric={metric}
                  value={tile.value}
                  previous={tile.previous}
                  drill={enhanced ? drillFor(key, data.window) : null}
                />
              );
            })}
          </div>
          <div className="mt-4 grid gap-4 lg:grid-cols-2">
            {CHARTS.map((chart) => {
              const metrics = chart.metrics.map((key) => metricDef(key)!) as MetricDef[];
              const drillMetric = enhanced ? metrics.find((metric) => metric.drill) : undefined;
              return (
                <Card key={chart.key}>
                  <CardHeader
                    title={chart.title}
                    icon={<BarChart3 className="size-4 text-zinc-400" aria-hidden />}
                  />
                  {data ? (
                    <div data-testid={`chart-${chart.key}`}>
                      <TimeChart
                        title={chart.title}
                        kind={chart.kind}
                        points={data.buckets}
                        granularity={data.window.granularity}
                        timeZone={data.window.tz}
                        series={metrics.map((metric, index) => ({
                          key: metric.key,
                          label: metric.label,
                          color: metricColor(metric.key, index),
                          format: (value) => formatFigure(metric.format, value),
                        }))}
                        onPoint={
                          drillMetric
                            ? (index) => {
                                const link = drillFor(drillMetric.key, bucketWindow(index));
                                if (link) void navigate({ to: link.to, search: link.search });
                              }
                            : undefined
                        }
                        pointLink={
                          drillMetric
                            ? (index, child) => {
                                const link = drillFor(drillMetric.key, bucketWindow(index));
                                return link ? (
                                  <Link
                                    to={link.to}
                                    search={link.search}
                                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                                  >
                                    {child}
                                  </Link>
                                ) : (
                                  child
                                );
                              }
                            : undefined
                        }
                      />
                    </div>
                  ) : (
                    <Skeleton className="m-4 h-[220px]" />
                  )}
                </Card>
              );
            })}
          </div>
          {data ? (
            <div className="mt-4">
              <AnalyticsSearchTerms top={data.searchTerms.top} zero={data.searchTerms.zero} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
