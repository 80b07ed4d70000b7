import { Database, HeartPulse, RotateCw, Server } from 'lucide-react';
import type { SystemOverview } from '../../../contracts/system.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardHeader, Facts } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { duration } from '../../lib/time.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { SignalThresholdsCard } from '../signals/components/signal-thresholds-card.tsx';
import { SystemConsolePagesCard } from './components/system-console-pages-card.tsx';
import { SystemJobsCard } from './components/system-jobs-card.tsx';
import { SystemOutboxCard } from './components/system-outbox-card.tsx';
import { SystemSettingsCard } from './components/system-settings-card.tsx';
import { SYSTEM_PATH, useSystemOverview } from './system.api.ts';

const number = new Intl.NumberFormat();

function ms(value: number | null): string {
  return value === null ? '—' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function EnvironmentCard({ environment }: { environment: SystemOverview['environment'] }) {
  const envTone =
    environment.appEnv === 'production' ? 'red' : environment.appEnv === 'staging' ? 'amber' : 'blue';
  return (
    <Card>
      <CardHeader title="Environment" icon={<Server className="size-4 text-zinc-400" aria-hidden />} />
      <Facts
        rows={[
          [
            'APP_ENV',
            <Badge key="env" tone={envTone}>
              {environment.appEnv}
            </Badge>,
          ],
          ['NODE_ENV', environment.nodeEnv],
          ['Node', environment.nodeVersion],
          ['Database', environment.database === 'embedded' ? 'Embedded (PGlite)' : 'PostgreSQL'],
          [
            'DB host',
            <span key="host" className="font-mono text-xs">
              {environment.dbHost}
            </span>,
          ],
          ['Uptime', duration(environment.uptimeSeconds)],
          ['PID', environment.pid],
          ['Timezone', environment.timezone],
        ]}
      />
    </Card>
  );
}

function HealthCard({ health }: { health: SystemOverview['health'] }) {
  const pending = health.pendingMigrations;
  return (
    <Card>
      <CardHeader title="Health" icon={<HeartPulse className="size-4 text-zinc-400" aria-hidden />} />
      <Facts
        rows={[
          ['DB latency', ms(health.dbLatencyMs)],
          [
            'API p95',
            <span key="p95">
              {ms(health.apiP95Ms)}{' '}
              <span className="text-xs font-normal text-zinc-400">
                ({number.format(health.apiRequestsSampled)} req)
              </span>
            </span>,
          ],
          ['Live-stream clients', health.streamClients],
          [
            'Pending migrations',
            pending.length === 0 ? (
              <Badge key="migrations" tone="green">
                none
              </Badge>
            ) : (
              <Badge key="migrations" tone="amber">
                {pending.length} pending
              </Badge>
            ),
          ],
        ]}
      />
      {pending.length > 0 && (
        <ul className="border-t border-zinc-100 px-4 py-2 font-mono text-xs text-amber-700 dark:border-zinc-800 dark:text-amber-400">
          {pending.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function RowCountsCard({ rowCounts }: { rowCounts: SystemOverview['rowCounts'] }) {
  const entries = Object.entries(rowCounts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title="Row counts" icon={<Database className="size-4 text-zinc-400" aria-hidden />} />
      {entries.length === 0 ? (
        <EmptyState title="No tables counted" />
      ) : (
        <Facts rows={entries.map(([table, count]) => [table, number.format(count)])} />
      )}
    </Card>
  );
}

export function SystemPage() {
  const system = useSystemOverview();
  const me = useMe().data;
  const manage = can(me, 'manage_settings');
  usePageTelemetry(
    '/system',
    SYSTEM_PATH,
    system.data ? Object.keys(system.data.rowCounts).length : undefined,
  );
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="System"
        description="Where this instance runs and how it is doing. Refreshes every 10 seconds."
        actions={
          <Button size="sm" onClick={() => void system.refetch()} disabled={system.isFetching}>
            <RotateCw className={system.isFetching ? 'size-3.5 animate-spin' : 'size-3.5'} aria-hidden />
            Refresh
          </Button>
        }
      />
      {system.data ? (
        <div className="space-y-4">
          <div className="grid gap-4 lg:grid-cols-3" data-testid="system-overview">
            <EnvironmentCard environment={system.data.environment} />
            <HealthCard health={system.data.health} />
            <RowCountsCard rowCounts={system.data.rowCounts} />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <SystemJobsCard jobs={system.data.jobs} canRun={manage} />
            <SystemSettingsCard editable={manage} />
          </div>
          <SystemOutboxCard />
          <div className="grid gap-4 lg:grid-cols-2">
            <SignalThresholdsCard editable={manage} />
            <SystemConsolePagesCard metrics={system.data.uiMetrics} />
          </div>
        </div>
      ) : system.isError ? (
        <Card>
          <ErrorState
            error={system.error}
            onRetry={() => void system.refetch()}
            title="Could not load the system overview"
          />
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          {[0, 1, 2].map((index) => (
            <Card key={index}>
              <SkeletonRows rows={6} label="Loading system overview" />
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
