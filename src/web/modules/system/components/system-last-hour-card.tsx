import { useQuery } from '@tanstack/react-query';
import { Activity } from 'lucide-react';
import type { TelemetryHistoryResponse } from '../../../../contracts/system.ts';
import { LazyTimeChart } from '../../../components/charts/lazy.tsx';
import { utcOffsetLabel, viewerTimeZone } from '../../../components/charts/palette.ts';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { ErrorState } from '../../../components/ui/states.tsx';
import { api } from '../../../lib/api.ts';

const ms = (value: number) => `${Math.round(value * 10) / 10} ms`;

/** DB latency and API p95 of this instance over the last hour, minute by minute. */
export function SystemLastHourCard() {
  const history = useQuery({
    queryKey: ['system', 'telemetry-history'],
    queryFn: ({ signal }) => api<TelemetryHistoryResponse>('/api/admin/system/telemetry/history', { signal }),
    refetchInterval: 15_000,
  });
  const tz = viewerTimeZone();
  // A quiet minute has no figure: null leaves a gap in the line rather than a false zero.
  const points = (history.data?.minutes ?? []).map((minute) => ({
    at: minute.at,
    values: { apiP95Ms: minute.apiP95Ms, dbLatencyMs: minute.dbLatencyMs } as Record<string, number>,
  }));
  return (
    <Card>
      <CardHeader
        title="Last hour"
        icon={<Activity className="size-4 text-zinc-400" aria-hidden />}
        actions={
          <span className="text-xs text-zinc-400">
            per minute · {tz} ({utcOffsetLabel(tz)})
          </span>
        }
      />
      {history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <div data-testid="system-last-hour">
          <LazyTimeChart
            title="API p95 and DB latency (ms), last hour"
            kind="line"
            height={200}
            points={points}
            granularity="hour"
            timeZone={tz}
            connectNulls
            axisFormat={(value) => String(Math.round(value))}
            series={[
              { key: 'apiP95Ms', label: 'API p95', color: '#6366f1', format: ms },
              { key: 'dbLatencyMs', label: 'DB latency', color: '#10b981', format: ms },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
