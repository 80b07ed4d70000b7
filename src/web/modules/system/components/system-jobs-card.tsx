import { Play, Timer } from 'lucide-react';
import { toast } from 'sonner';
import type { SystemOverview } from '../../../../contracts/system.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { EmptyState } from '../../../components/ui/states.tsx';
import { cronInWords } from '../../../lib/cron.ts';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { dateTime, relativeTime, useNow } from '../../../lib/time.ts';
import { useRunJob } from '../system.api.ts';

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '—';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object')
    return Object.entries(detail as Record<string, unknown>)
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ');
  return String(detail);
}

/** Scheduled jobs, their last run, and "Run now" for manage_settings. */
export function SystemJobsCard({ jobs, canRun }: { jobs: SystemOverview['jobs']; canRun: boolean }) {
  const run = useRunJob();
  const now = useNow(15_000);
  return (
    <Card>
      <CardHeader title="Jobs" icon={<Timer className="size-4 text-zinc-400" aria-hidden />} />
      {jobs.length === 0 ? (
        <EmptyState title="No jobs registered" />
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="system-jobs">
          {jobs.map((job) => (
            <li key={job.name} className="flex items-start gap-3 px-4 py-2.5 text-sm">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs font-medium text-zinc-800 dark:text-zinc-200">
                    {job.name}
                  </span>
                  <span className="text-[11px] text-zinc-500 dark:text-zinc-400" title={job.schedule}>
                    {cronInWords(job.schedule)}
                  </span>
                  {job.lastOk === null ? (
                    <Badge>never run</Badge>
                  ) : job.lastOk ? (
                    <Badge tone="green">ok</Badge>
                  ) : (
                    <Badge tone="red">failed</Badge>
                  )}
                </p>
                <p className="mt-0.5 truncate text-xs text-zinc-500" title={detailText(job.lastDetail)}>
                  {job.lastStartedAt ? (
                    <time dateTime={job.lastStartedAt} title={dateTime(job.lastStartedAt)}>
                      {relativeTime(job.lastStartedAt, now)}
                    </time>
                  ) : (
                    'not yet'
                  )}
                  {' · '}
                  {detailText(job.lastDetail)}
                </p>
              </div>
              {canRun && (
                <Button
                  size="sm"
                  disabled={run.isPending && run.variables === job.name}
                  onClick={() =>
                    run.mutate(job.name, {
                      onSuccess: (outcome) =>
                        outcome.ran
                          ? outcome.ok
                            ? toast.success(`${job.name} ran`)
                            : toast.error(`${job.name} failed: ${detailText(outcome.detail)}`)
                          : toast.info(`${job.name} is already running elsewhere`),
                      onError: (caught) => {
                        if (!(caught instanceof StepUpCancelled)) toast.error(caught.message);
                      },
                    })
                  }
                >
                  <Play className="size-3" aria-hidden />
                  Run now
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
