import { CreditCard } from 'lucide-react';
import type { StripeSummary } from '../../../../contracts/stripe.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Card, CardHeader, Facts } from '../../../components/ui/card.tsx';
import { dateTime } from '../../../lib/time.ts';

const STATUS_TONE = { processed: 'green', received: 'amber', failed: 'red' } as const;

/** Mode, account, the last webhook and the last error: the Stripe tab's header. */
export function StripeHeaderCard({ summary }: { summary: StripeSummary }) {
  const last = summary.lastWebhook;
  return (
    <Card>
      <CardHeader title="Stripe" icon={<CreditCard className="size-4 text-zinc-400" aria-hidden />} />
      <div data-testid="stripe-header" className="grid md:grid-cols-2">
        <Facts
          rows={[
            [
              'Mode',
              summary.mode ? (
                <Badge key="mode" tone={summary.mode === 'live' ? 'red' : 'blue'}>
                  {summary.mode}
                </Badge>
              ) : (
                '—'
              ),
            ],
            [
              'Account ID',
              <span key="account" className="font-mono text-xs">
                {summary.accountId ?? (summary.accountError ? `unavailable: ${summary.accountError}` : '—')}
              </span>,
            ],
          ]}
        />
        <Facts
          rows={[
            [
              'Last webhook',
              last ? (
                <span key="last" className="inline-flex items-center gap-2">
                  <span className="text-xs text-zinc-500">{dateTime(last.at)}</span>
                  <Badge tone={STATUS_TONE[last.status]}>{last.status}</Badge>
                </span>
              ) : (
                'none received yet'
              ),
            ],
            [
              'Last error',
              summary.lastError ? (
                <span
                  key="error"
                  className="text-xs text-red-700 dark:text-red-400"
                  title={summary.lastError.message}
                >
                  {summary.lastError.source}: {summary.lastError.message}
                </span>
              ) : (
                <Badge key="none" tone="green">
                  none
                </Badge>
              ),
            ],
          ]}
        />
      </div>
      <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
        Webhook endpoint <span className="font-mono break-all">{summary.webhookUrl}</span>
        {summary.webhookSecretSet ? '' : ' — STRIPE_WEBHOOK_SECRET is not set: deliveries are refused (503).'}
      </p>
    </Card>
  );
}
