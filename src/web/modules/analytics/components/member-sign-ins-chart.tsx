import { useQuery } from '@tanstack/react-query';
import type { MemberSignInsResponse } from '../../../../contracts/analytics.ts';
import { LazyTimeChart } from '../../../components/charts/lazy.tsx';
import { metricColor, utcOffsetLabel, viewerTimeZone } from '../../../components/charts/palette.ts';
import { api, toQuery } from '../../../lib/api.ts';

const count = (value: number) => String(value);

/** User 360: the member's sign-ins per day over the last 30 days, ok and failed, in the viewer's zone. */
export function MemberSignInsChart({ userId }: { userId: string }) {
  const tz = viewerTimeZone();
  const days = useQuery({
    queryKey: ['analytics', 'member', userId, tz],
    queryFn: ({ signal }) =>
      api<MemberSignInsResponse>(`/api/admin/analytics/members/${userId}/sign-ins${toQuery({ tz })}`, {
        signal,
      }),
  });
  return (
    <section
      aria-label="Sign-ins per day"
      className="border-b border-zinc-100 py-3 dark:border-zinc-800/70"
      data-testid="user-360-sign-ins-chart"
    >
      <header className="flex items-center justify-between px-5 pb-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Sign-ins per day</h3>
        <span className="text-xs text-zinc-400">
          30 days · {tz} ({utcOffsetLabel(tz)})
        </span>
      </header>
      {days.isError ? (
        <p className="px-5 text-sm text-zinc-500">The sign-ins per day could not load.</p>
      ) : days.data ? (
        <LazyTimeChart
          title="Sign-ins per day, last 30 days"
          kind="bar"
          height={140}
          points={days.data.days}
          granularity="day"
          timeZone={tz}
          series={[
            { key: 'signins_ok', label: 'Signed in', color: metricColor('signins_ok'), format: count },
            { key: 'signins_failed', label: 'Failed', color: metricColor('signins_failed'), format: count },
          ]}
        />
      ) : (
        <div className="mx-5 h-[140px] animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden />
      )}
    </section>
  );
}
