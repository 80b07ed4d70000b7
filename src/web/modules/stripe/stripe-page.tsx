import { useNavigate, useSearch } from '@tanstack/react-router';
import { PAYMENT_STATUSES } from '../../../contracts/stripe.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { FilterBar } from '../../components/filter-bar.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { Card, CardHeader } from '../../components/ui/card.tsx';
import { Select } from '../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { Enhanced } from '../../lib/enhanced.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { StripeHeaderCard } from './components/stripe-header-card.tsx';
import { StripePaymentsTable } from './components/stripe-payments-table.tsx';
import { StripeSyncCard } from './components/stripe-sync-card.tsx';
import { StripeWebhooksCard } from './components/stripe-webhooks-card.tsx';
import {
  paymentsExportHref,
  RANGES,
  type Range,
  STRIPE_PATH,
  type StripeSearch,
  usePayments,
  useStripeSummary,
} from './stripe.api.ts';

const RANGE_LABEL: Record<Range, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  all: 'All time',
};

function PaymentsCard() {
  const search = useSearch({ from: '/_console/stripe' });
  const navigate = useNavigate({ from: '/stripe' });
  const payments = usePayments(search);
  const apply = (next: StripeSearch) => void navigate({ search: next, replace: true });
  const rows = payments.data?.pages.flatMap((page) => page.rows) ?? [];
  return (
    <Card>
      <CardHeader
        title="Payments"
        actions={<ExportLink href={paymentsExportHref(search)} testId="payments-export" />}
      />
      <FilterBar
        query={search.query}
        onSearch={(query) => apply({ ...search, query })}
        label="Search payments"
        placeholder="Charge id, pi_… or customer email — Enter"
      >
        <div className="w-full sm:w-44">
          <Select
            aria-label="Status"
            className="h-8 text-xs"
            value={search.status ?? ''}
            onChange={(event) =>
              apply({ ...search, status: (event.target.value || undefined) as StripeSearch['status'] })
            }
          >
            <option value="">Any status</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replace('_', ' ')}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-full sm:w-40">
          <Select
            aria-label="Time range"
            className="h-8 text-xs"
            value={search.range ?? '30d'}
            onChange={(event) =>
              apply({
                ...search,
                range: event.target.value === '30d' ? undefined : (event.target.value as Range),
              })
            }
          >
            {(Object.keys(RANGES) as Range[]).map((range) => (
              <option key={range} value={range}>
                {RANGE_LABEL[range]}
              </option>
            ))}
          </Select>
        </div>
      </FilterBar>
      <PagedList
        list={payments}
        count={rows.length}
        loading={{ rows: 8, label: 'Loading payments' }}
        errorTitle="Could not load payments"
        empty={
          <EmptyState title="No payments in this range">
            Widen the range or clear the filters; a sync brings in what Stripe has.
          </EmptyState>
        }
      >
        <StripePaymentsTable rows={rows} />
      </PagedList>
    </Card>
  );
}

export function StripePage() {
  const summary = useStripeSummary();
  usePageTelemetry('/stripe', STRIPE_PATH, summary.data ? 1 : undefined);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title="Stripe" description="Payments as Stripe reports them: webhooks, sync and refunds." />
      {summary.isError ? (
        <Card>
          <ErrorState
            error={summary.error}
            onRetry={() => void summary.refetch()}
            title="Could not load Stripe"
          />
        </Card>
      ) : !summary.data ? (
        <Card>
          <SkeletonRows rows={5} label="Loading Stripe" />
        </Card>
      ) : (
        <div className="space-y-4">
          {!summary.data.configured && (
            <Card>
              <div role="note" className="px-4 py-3 text-sm" data-testid="stripe-not-configured">
                <p className="font-medium text-zinc-900 dark:text-zinc-100">Stripe is not configured</p>
                <p className="mt-1 text-zinc-500">{summary.data.howToConfigure}</p>
              </div>
            </Card>
          )}
          <Enhanced
            fallback={
              <Card>
                <p role="note" className="px-4 py-3 text-sm text-zinc-500" data-testid="stripe-enhanced-off">
                  The Stripe header, payments table and sync/retry buttons are part of the enhanced console,
                  turned off in System → Settings.
                </p>
              </Card>
            }
          >
            <StripeHeaderCard summary={summary.data} />
            <div className="grid gap-4 lg:grid-cols-2">
              <StripeSyncCard enabled={summary.data.configured} />
              <StripeWebhooksCard failedCount={summary.data.failedWebhooks} />
            </div>
            <PaymentsCard />
          </Enhanced>
        </div>
      )}
    </div>
  );
}
