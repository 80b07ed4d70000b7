import { RotateCw, Webhook } from 'lucide-react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { dateTime } from '../../../lib/time.ts';
import { useRetryWebhook, useWebhooks } from '../stripe.api.ts';

const TONE = { processed: 'green', received: 'amber', failed: 'red' } as const;

/** The latest deliveries; a failed one can be processed again from its stored payload. */
export function StripeWebhooksCard({ failedCount }: { failedCount: number }) {
  const webhooks = useWebhooks();
  const retry = useRetryWebhook();
  return (
    <Card>
      <CardHeader
        title="Webhooks"
        icon={<Webhook className="size-4 text-zinc-400" aria-hidden />}
        actions={
          <Button
            size="sm"
            disabled={failedCount === 0 || retry.isPending}
            onClick={() => retry.mutate('last_failed')}
          >
            <RotateCw className="size-3.5" aria-hidden /> Retry last failed
          </Button>
        }
      />
      {retry.isSuccess && (
        <p role="status" className="border-b border-zinc-100 px-4 py-2 text-xs dark:border-zinc-800">
          Retried {retry.data.webhook.type}:{' '}
          <Badge tone={TONE[retry.data.webhook.status]}>{retry.data.webhook.status}</Badge>
          {retry.data.webhook.error ? ` — ${retry.data.webhook.error}` : ''}
        </p>
      )}
      {retry.isError && (
        <p
          role="alert"
          className="border-b border-zinc-100 px-4 py-2 text-xs text-red-700 dark:border-zinc-800 dark:text-red-400"
        >
          {retry.error.message}
        </p>
      )}
      {webhooks.data ? (
        webhooks.data.webhooks.length === 0 ? (
          <EmptyState title="No webhooks received yet">
            Point Stripe at the endpoint above (see the README), or run <code>stripe listen</code>.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 text-xs dark:divide-zinc-800" data-testid="stripe-webhooks">
            {webhooks.data.webhooks.map((hook) => (
              <li key={hook.id} className="flex flex-wrap items-center gap-2 px-4 py-2">
                <Badge tone={TONE[hook.status]}>{hook.status}</Badge>
                <span className="font-mono">{hook.type}</span>
                <span className="text-zinc-500">{dateTime(hook.receivedAt)}</span>
                {hook.attempts > 1 && <span className="text-zinc-500">{hook.attempts} attempts</span>}
                {hook.error && (
                  <span className="w-full truncate text-red-700 dark:text-red-400">{hook.error}</span>
                )}
                {hook.status !== 'processed' && (
                  <Button
                    size="sm"
                    variant="ghost"
                    className="ml-auto"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate(hook.id)}
                    aria-label={`Retry ${hook.type} ${hook.eventId}`}
                  >
                    <RotateCw className="size-3" aria-hidden /> Retry
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : (
        <SkeletonRows rows={4} label="Loading webhooks" />
      )}
    </Card>
  );
}
