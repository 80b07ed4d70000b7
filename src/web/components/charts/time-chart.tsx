import { Table2 } from 'lucide-react';
import { type ReactNode, useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Button } from '../ui/button.tsx';
import { bucketLabel } from './palette.ts';

export type ChartSeries = {
  key: string;
  label: string;
  color: string;
  format: (value: number) => string;
};

export type ChartPoint = { at: string; values: Record<string, number> };

/**
 * A chart over time buckets, with what a screen reader or a keyboard needs: a text summary, keyboard
 * navigation of the points (recharts' accessibility layer: focus the chart, then arrow keys), and a
 * table view that shows the same numbers (and the drill-down links, when given) instead of the picture.
 */
export function TimeChart({
  title,
  kind,
  points,
  series,
  granularity,
  timeZone,
  height = 220,
  onPoint,
  pointLink,
  axisFormat,
  connectNulls = false,
}: {
  title: string;
  kind: 'line' | 'bar';
  points: ChartPoint[];
  series: ChartSeries[];
  granularity: 'hour' | 'day';
  timeZone?: string;
  height?: number;
  /** A click on a point (bucket index). */
  onPoint?: (index: number) => void;
  /** In the table view: the bucket's drill-down, as a link. */
  pointLink?: (index: number, child: ReactNode) => ReactNode;
  /** Y axis labels (the first series' format by default). */
  axisFormat?: (value: number) => string;
  /** Draw a line across buckets without a figure (null), instead of a gap. */
  connectNulls?: boolean;
}) {
  const [asTable, setAsTable] = useState(false);
  const summaryId = useId();
  const data = points.map((point) => ({
    label: bucketLabel(point.at, granularity, timeZone),
    ...point.values,
  }));
  const totals = series.map((each) => {
    const sum = points.reduce((total, point) => total + (point.values[each.key] ?? 0), 0);
    const peak = points.reduce(
      (best, point, index) =>
        (point.values[each.key] ?? 0) > best.value ? { value: point.values[each.key] ?? 0, index } : best,
      { value: 0, index: -1 },
    );
    return `${each.label}: ${each.format(sum)} in all${peak.index >= 0 ? `, highest ${each.format(peak.value)} at ${data[peak.index]?.label}` : ''}`;
  });
  const Chart = kind === 'bar' ? BarChart : LineChart;
  const click = onPoint
    ? (state: { activeTooltipIndex?: number | string | null } | null) => {
        const index = Number(state?.activeTooltipIndex);
        if (Number.isInteger(index) && index >= 0) onPoint(index);
      }
    : undefined;

  return (
    <figure aria-label={title} aria-describedby={summaryId} className="m-0">
      <p id={summaryId} className="sr-only">
        {title}, {points.length} {granularity === 'hour' ? 'hours' : 'days'}. {totals.join('. ')}.
      </p>
      <div className="flex justify-end px-3 pt-2">
        <Button size="sm" variant="ghost" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          <Table2 className="size-3.5" aria-hidden /> {asTable ? 'Chart' : 'Table'}
        </Button>
      </div>
      {asTable ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
        <section className="max-h-72 overflow-auto px-3 pb-3" tabIndex={0} aria-label={`${title}, table`}>
          <table className="w-full text-left text-xs tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 bg-white text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="py-1 pr-3 font-medium">{granularity === 'hour' ? 'Hour' : 'Day'}</th>
                {series.map((each) => (
                  <th key={each.key} className="py-1 pr-3 text-right font-medium">
                    {each.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {points.map((point, index) => (
                <tr key={point.at}>
                  <td className="py-1 pr-3 text-zinc-700 dark:text-zinc-300">
                    {pointLink ? pointLink(index, data[index]?.label) : data[index]?.label}
                  </td>
                  {series.map((each) => (
                    <td key={each.key} className="py-1 pr-3 text-right text-zinc-900 dark:text-zinc-100">
                      {each.format(point.values[each.key] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <div style={{ height }} className="px-1 pb-2 text-zinc-400 dark:text-zinc-500">
          <ResponsiveContainer width="100%" height="100%">
            <Chart
              data={data}
              margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
              onClick={click}
              className={onPoint ? 'cursor-pointer' : undefined}
            >
              <CartesianGrid stroke="currentColor" strokeOpacity={0.25} vertical={false} />
              <XAxis
                dataKey="label"
                stroke="currentColor"
                tick={{ fill: 'currentColor', fontSize: 11 }}
                tickLine={false}
                minTickGap={16}
              />
              <YAxis
                stroke="currentColor"
                tick={{ fill: 'currentColor', fontSize: 11 }}
                tickLine={false}
                axisLine={false}
                width={48}
                allowDecimals={false}
                tickFormatter={(value: number) => (axisFormat ?? series[0]?.format)?.(value) ?? String(value)}
              />
              <Tooltip
                cursor={{
                  fill: 'currentColor',
                  fillOpacity: 0.08,
                  stroke: 'currentColor',
                  strokeOpacity: 0.3,
                }}
                contentStyle={{
                  background: 'var(--chart-tooltip-bg, #fff)',
                  border: '1px solid var(--chart-tooltip-border, #e4e4e7)',
                  borderRadius: 6,
                  fontSize: 12,
                  color: 'var(--chart-tooltip-fg, #18181b)',
                }}
                formatter={(value, name) => {
                  const each = series.find((candidate) => candidate.label === name);
                  return [each ? each.format(Number(value)) : String(value), name];
                }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((each) =>
                kind === 'bar' ? (
                  <Bar
                    key={each.key}
                    dataKey={each.key}
                    name={each.label}
                    fill={each.color}
                    radius={[2, 2, 0, 0]}
                    isAnimationActive={false}
                  />
                ) : (
                  <Line
                    key={each.key}
                    dataKey={each.key}
                    name={each.label}
                    stroke={each.color}
                    strokeWidth={2}
                    dot={{ r: points.length <= 31 ? 2.5 : 1.25, fill: each.color }}
                    connectNulls={connectNulls}
                    activeDot={{ r: 5 }}
                    isAnimationActive={false}
                  />
                ),
              )}
            </Chart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
