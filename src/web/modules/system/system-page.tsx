import { Database, Gauge, HeartPulse, RotateCw, Server } from 'lucide-react';
import type { SystemOverview } from '../../../contracts/system.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardHeader, Facts } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { Enhanced } from '../../lib/enhanced.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { duration } from '../../lib/time.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { SignalThresholdsCard } from '../signals/components/signal-thresholds-card.tsx';
import { SystemConsolePagesCard } from './components/system-console-pages-card.tsx';
import { SystemEnhancedCard } from './components/system-enhanced-card.tsx';
import { SystemJobsCard } from './components/system-jobs-card.tsx';
import { SystemLastHourCard } from './components/system-last-hour-card.tsx';
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

const LEVEL_TEXT = { green: 'OK', amber: 'Watch', red: 'Act' } as const;

/** Each check as a green/amber/red badge, with the rule that decides it underneath. */
function HealthCard({ health }: { health: SystemOverview['health'] }) {
  const pending = health.pendingMigrations;
  return (
    <Card>
      <CardHeader title="Health" icon={<HeartPulse className="size-4 text-zinc-400" aria-hidden />} />
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="health-checks">
        {health.checks.map((check) => (
          <li key={check.key} className="px-4 py-2" data-testid={`health-${check.key}`}>
            <div className="flex items-center justify-between gap-3">
              <span className="text-zinc-500 dark:text-zinc-400">{check.label}</span>
              <span className="flex min-w-0 items-center gap-2">
                <span className="truncate font-medium tabular-nums">{check.value}</span>
                <Badge tone={check.level}>{LEVEL_TEXT[check.level]}</Badge>
              </span>
            </div>
            <p className="mt-0.5 text-[11px] text-zinc-400">{check.rule}</p>
          </li>
        ))}
        <li className="flex items-center justify-between gap-3 px-4 py-2">
          <span className="text-zinc-500 dark:text-zinc-400">Live-stream clients</span>
          <span className="font-medium tabular-nums">
            {health.streamClients}{' '}
            <span className="text-xs font-normal text-zinc-400">
              ({number.format(health.apiRequestsSampled)} req sampled)
            </span>
          </span>
        </li>
      </ul>
      {health.lastWebhook?.error && (
        <p className="border-t border-zinc-100 px-4 py-2 text-xs text-red-700 dark:border-zinc-800 dark:text-red-400">
          Last webhook error: {health.lastWebhook.error}
        </p>
      )}
      {health.searchIndexStatus.reason && (
        <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
          Search index: {health.searchIndexStatus.reason}
        </p>
      )}
      {health.readReplica.state !== 'not_configured' && (
        <p
          className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800"
          data-testid="read-replica-detail"
        >
          Read replica {health.readReplica.host}
          {health.readReplica.reason ? `: ${health.readReplica.reason}` : ''} · reads here since start:{' '}
          {number.format(health.readReplica.replicaReads)} on the replica,{' '}
          {number.format(health.readReplica.primaryReads)} on the primary
        </p>
      )}
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

/** Top statements by total time, from pg_stat_statements; or why they cannot be shown. */
function SlowQueriesCard({ slow }: { slow: SystemOverview['health']['slowQueries'] }) {
  return (
    <Card>
      <CardHeader title="Slow queries" icon={<Gauge className="size-4 text-zinc-400" aria-hidden />} />
      {!slow.available ? (
        <p className="px-4 py-3 text-sm text-zinc-500" data-testid="slow-queries-unavailable">
          Unavailable: {slow.reason}
        </p>
      ) : slow.queries.length === 0 ? (
        <EmptyState title="No statements recorded yet" />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="slow-queries">
            <thead className="border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Statement
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Calls
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                  Mean
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {slow.queries.map((query) => (
                <tr key={query.query} className="border-b border-zinc-100 align-top dark:border-zinc-800/70">
                  <td className="max-w-md px-3 py-1.5 font-mono break-all text-zinc-700 dark:text-zinc-300">
                    {query.query}
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{number.format(query.calls)}</td>
                  <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                    {ms(query.meanMs)}
                  </td>
                  <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                    {ms(query.totalMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
            <Enhanced>
              <HealthCard health={system.data.health} />
            </Enhanced>
            <RowCountsCard rowCounts={system.data.rowCounts} />
          </div>
          <Enhanced>
            <SlowQueriesCard slow={system.data.health.slowQueries} />
          </Enhanced>
          <SystemLastHourCard />
          <div className="grid gap-4 lg:grid-cols-2">
            <SystemJobsCard jobs={system.data.jobs} canRun={manage} />
            <div className="space-y-4">
              <SystemEnhancedCard editable={manage} />
              <Enhanced>
                <SystemSettingsCard editable={manage} />
              </Enhanced>
            </div>
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
