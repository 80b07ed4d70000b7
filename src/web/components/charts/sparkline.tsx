import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { seriesColor } from './palette.ts';

/**
 * A small line without axes, for "the day at a glance": today's values, and yesterday's as a faint
 * dashed line behind. The figure and its change beside it are the accessible text; the line is
 * decoration (aria-hidden).
 */
export function Sparkline({
  values,
  previous,
  color = seriesColor(0),
  height = 36,
}: {
  values: number[];
  previous?: number[];
  color?: string;
  height?: number;
}) {
  const data = values.map((value, index) => ({ value, previous: previous?.[index] ?? null }));
  if (previous && previous.length > values.length) {
    for (let index = values.length; index < previous.length; index += 1)
      data.push({ value: null as unknown as number, previous: previous[index] ?? null });
  }
  return (
    <div aria-hidden style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
          <YAxis hide domain={[0, 'auto']} />
          {previous && (
            <Line
              dataKey="previous"
              stroke="currentColor"
              className="text-zinc-300 dark:text-zinc-600"
              strokeDasharray="3 3"
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
            />
          )}
          <Line dataKey="value" stroke={color} strokeWidth={1.75} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
