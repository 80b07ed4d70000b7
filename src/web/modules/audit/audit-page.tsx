import { getRouteApi } from '@tanstack/react-router';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { type AuditFilters, exportHref, hasFilters, useEvents } from './audit.api.ts';
import { AuditEventsTable } from './components/audit-events-table.tsx';
import { AuditFiltersForm } from './components/audit-filters.tsx';

const route = getRouteApi('/_console/audit');

export function AuditPage() {
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const events = useEvents(filters);
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  usePageTelemetry('/audit', '/api/admin/events', events.data ? rows.length : undefined);

  const apply = (next: AuditFilters) => void navigate({ search: next });

  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Audit"
        description="Every staff action and security event, newest first. Tamper-evident and append-only."
        actions={
          <>
            <ExportLink href={exportHref(filters, 'csv')} label="CSV" />
            <ExportLink href={exportHref(filters, 'jsonl')} label="JSONL" />
          </>
        }
      />
      <Card>
        <AuditFiltersForm filters={filters} onApply={apply} />
        {events.data ? (
          rows.length === 0 ? (
            <EmptyState
              title="No events match"
              action={
                hasFilters(filters) ? (
                  <Button size="sm" onClick={() => apply({})}>
                    Clear filters
                  </Button>
                ) : undefined
              }
            >
              {hasFilters(filters)
                ? 'Nothing in the audit log matches these filters.'
                : 'The audit log is empty.'}
            </EmptyState>
          ) : (
            <>
              <AuditEventsTable events={rows} />
              <div className="flex items-center justify-between px-4 py-3 text-xs text-zinc-500">
                <span>{rows.length} events shown</span>
                {events.hasNextPage && (
                  <Button
                    size="sm"
                    onClick={() => void events.fetchNextPage()}
                    disabled={events.isFetchingNextPage}
                  >
                    {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                )}
              </div>
            </>
          )
        ) : events.isError ? (
          <ErrorState
            error={events.error}
            onRetry={() => void events.refetch()}
            title="Could not load events"
          />
        ) : (
          <SkeletonRows rows={10} label="Loading events" />
        )}
      </Card>
    </div>
  );
}
