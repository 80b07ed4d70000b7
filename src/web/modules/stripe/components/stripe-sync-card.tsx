import { useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { dateTime } from '../../../lib/time.ts';
import { useStartSync, useSyncState } from '../stripe.api.ts';

const TONE = { running: 'blue', succeeded: 'green', failed: 'red', interrupted: 'amber' } as const;

/**
 * Sync everything: one run at a time on the server (a second click answers the running one); its
 * progress polls while it runs, and the table refreshes when it ends.
 */
export function StripeSyncCard({ enabled }: { enabled: boolean }) {
  const state = useSyncState();
  const start = useStartSync();
  const client = useQueryClient();
  const sync = state.data?.sync ?? null;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (sync?.status === 'running') wasRunning.current = true;
    else if (wasRunning.current && sync) {
      wasRunning.current = false;
      void client.invalidateQueries({ queryKey: ['stripe', 'payments'] });
      void client.invalidateQueries({ queryKey: ['stripe', 'summary'] });
    }
  }, [sync, client]);
  const running = sync?.status === 'running';
  return (
    <Card>
      <CardHeader
        title="Sync"
        icon={<RefreshCw className="size-4 text-zinc-400" aria-hidden />}
        actions={
          <Button
            size="sm"
            variant="primary"
            disabled={!enabled || running || start.isPending}
            onClick={() => start.mutate()}
          >
            <RefreshCw className={running ? 'size-3.5 animate-spin' : 'size-3.5'} aria-hidden />
            {running ? 'Syncing…' : 'Sync everything'}
          </Button>
        }
      />
      <div className="space-y-2 px-4 py-3 text-sm" data-testid="stripe-sync" aria-live="polite">
        {!enabled && <p className="text-zinc-500">Configure Stripe to sync.</p>}
        {start.isError && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {start.error.message}
          </p>
        )}
        {sync ? (
          <>
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={TONE[sync.status]}>{sync.status}</Badge>
              <span className="text-xs text-zinc-500">
                started {dateTime(sync.startedAt)}
                {sync.since ? `, changes since ${dateTime(sync.since)}` : ', everything'}
              </span>
            </p>
            <p className="tabular-nums" data-testid="stripe-sync-counts">
              {sync.pages} pages · {sync.seen} seen · <strong>{sync.created}</strong> created ·{' '}
              <strong>{sync.updated}</strong> updated · {sync.unchanged} unchanged
            </p>
            {sync.error && <p className="text-xs text-red-700 dark:text-red-400">{sync.error}</p>}
          </>
        ) : (
          enabled && (
            <p className="text-zinc-500">No sync has run yet. It is safe to run any time: it only upserts.</p>
          )
        )}
      </div>
    </Card>
  );
}
