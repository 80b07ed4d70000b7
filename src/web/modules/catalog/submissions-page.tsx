import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../../contracts/catalog.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { cn } from '../../components/ui/cn.ts';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { dateTime, relativeTime, useNow } from '../../lib/time.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { formatPrice, submissionsExportHref, useSubmissions } from './catalog.api.ts';
import { cellClass, PlainHeader, rowClass, theadClass } from './components/sort-header.tsx';
import { SubmissionDrawer } from './components/submission-drawer.tsx';
import { SUBMISSION_TONE } from './components/submission-status.ts';

const route = getRouteApi('/_console/submissions');

export function SubmissionsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const now = useNow(30_000);
  const list = useSubmissions(search.status);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.rows) ?? [], [list.data]);
  const counts = list.data?.pages[0]?.counts;
  usePageTelemetry('/submissions', '/api/admin/submissions', list.data ? rows.length : undefined);
  const setStatus = (status: SubmissionStatus | undefined) =>
    void navigate({ search: status ? { status } : {} });
  const open = (id: string) => void navigate({ search: (previous) => ({ ...previous, submission: id }) });
  const close = () => void navigate({ search: ({ submission: _closed, ...rest }) => rest });

  return (
    <div className="mx-auto max-w-[80rem]">
      <PageHeader
        title="Submissions"
        description="Products members propose: review, approve into a draft, or reject."
        actions={<ExportLink href={submissionsExportHref(search.status)} testId="submissions-export" />}
      />
      <div role="tablist" aria-label="Status" className="mb-3 flex flex-wrap gap-1">
        {[undefined, ...SUBMISSION_STATUSES].map((status) => (
          <button
            key={status ?? 'all'}
            type="button"
            role="tab"
            aria-selected={search.status === status}
            onClick={() => setStatus(status)}
            className={cn(
              'rounded-md px-3 py-1.5 text-sm capitalize focus-visible:outline-2 focus-visible:outline-indigo-500',
              search.status === status
                ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800',
            )}
          >
            {status ?? 'all'}
            {counts && (
              <span className="ml-1.5 text-xs opacity-70 tabular-nums">
                {status ? counts[status] : counts.pending + counts.approved + counts.rejected}
              </span>
            )}
          </button>
        ))}
      </div>
      <Card>
        {list.data ? (
          rows.length === 0 ? (
            <EmptyState title="Nothing here">No submissions in this state.</EmptyState>
          ) : (
            <>
              <div className="overflow-x-auto">
                <table className="w-full text-left text-xs" data-testid="submissions-table">
                  <thead className={theadClass}>
                    <tr>
                      <PlainHeader>Title</PlainHeader>
                      <PlainHeader>Submitter</PlainHeader>
                      <PlainHeader>Price</PlainHeader>
                      <PlainHeader>Category</PlainHeader>
                      <PlainHeader>Status</PlainHeader>
                      <PlainHeader>Files</PlainHeader>
                      <PlainHeader>Submitted</PlainHeader>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr
                        key={row.id}
                        tabIndex={0}
                        data-testid="submission-row"
                        aria-label={`${row.title}, press Enter to open`}
                        className={cn(
                          rowClass,
                          'cursor-pointer focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500',
                        )}
                        onClick={() => open(row.id)}
                        onKeyDown={(event) => event.key === 'Enter' && open(row.id)}
                      >
                        <td
                          className={cn(
                            cellClass,
                            'max-w-72 truncate font-medium text-zinc-900 dark:text-zinc-100',
                          )}
                        >
                          {row.title}
                        </td>
                        <td className={cn(cellClass, 'max-w-56 truncate')}>{row.submitter?.email ?? '—'}</td>
                        <td className={cn(cellClass, 'tabular-nums')}>{formatPrice(row.proposedPrice)}</td>
                        <td className={cellClass}>{row.proposedCategory?.name ?? '—'}</td>
                        <td className={cellClass}>
                          <Badge tone={SUBMISSION_TONE[row.status]}>{row.status}</Badge>
                        </td>
                        <td className={cn(cellClass, 'tabular-nums')}>{row.attachmentsCount || '—'}</td>
                        <td className={cellClass}>
                          <time
                            dateTime={row.createdAt}
                            title={dateTime(row.createdAt)}
                            className="whitespace-nowrap"
                          >
                            {relativeTime(row.createdAt, now)}
                          </time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {list.hasNextPage && (
                <div className="flex justify-end px-4 py-3">
                  <Button
                    size="sm"
                    onClick={() => void list.fetchNextPage()}
                    disabled={list.isFetchingNextPage}
                  >
                    Load more
                  </Button>
                </div>
              )}
            </>
          )
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            onRetry={() => void list.refetch()}
            title="Could not load submissions"
          />
        ) : (
          <SkeletonRows rows={10} label="Loading submissions" />
        )}
      </Card>
      <SubmissionDrawer id={search.submission} canManage={can(me, 'manage_catalog')} onClose={close} />
    </div>
  );
}
