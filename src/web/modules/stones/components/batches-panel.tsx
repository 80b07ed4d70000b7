import { Link } from '@tanstack/react-router';
import { FileDown, Printer } from 'lucide-react';
import { Button, buttonClass } from '../../../components/ui/button.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { dateTime, STONES_PATH, useBatches } from '../stones.api.ts';

/** Batches made by Generate QR (and the demo), newest first; sheets reprint from here. */
export function BatchesPanel({ canPrint }: { canPrint: boolean }) {
  const batches = useBatches();
  const rows = batches.data?.pages.flatMap((page) => page.rows) ?? [];
  if (batches.error) return <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />;
  if (!batches.data) return <SkeletonRows rows={5} label="Loading batches" />;
  if (rows.length === 0)
    return <EmptyState title="No batches yet">Generate QR makes the first one.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[44rem] text-sm">
        <thead className="text-left text-xs text-zinc-500">
          <tr className="border-b border-zinc-100 dark:border-zinc-800">
            <th className="px-4 py-2 font-medium">Made</th>
            <th className="px-4 py-2 font-medium">Kind</th>
            <th className="px-4 py-2 font-medium">Stones</th>
            <th className="px-4 py-2 font-medium">Activated</th>
            <th className="px-4 py-2 font-medium">Premapped to</th>
            <th className="px-4 py-2 font-medium">By</th>
            <th className="px-4 py-2 font-medium">
              <span className="sr-only">Sheet</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((batch) => (
            <tr
              key={batch.id}
              className="border-b border-zinc-100 dark:border-zinc-800"
              data-testid="batch-row"
            >
              <td className="px-4 py-2 tabular-nums">
                <Link
                  to="/stones"
                  search={{ batch: batch.id }}
                  className="text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {dateTime(batch.createdAt)}
                </Link>
              </td>
              <td className="px-4 py-2 capitalize">{batch.kind}</td>
              <td className="px-4 py-2 tabular-nums">{batch.count}</td>
              <td className="px-4 py-2 tabular-nums">{batch.activated}</td>
              <td className="px-4 py-2">{batch.location?.name ?? '—'}</td>
              <td className="px-4 py-2 text-zinc-500">{batch.createdBy ?? '—'}</td>
              <td className="px-4 py-2">
                {canPrint && (
                  <span className="flex justify-end gap-1.5">
                    <Link
                      to="/stones/batches/$id/sheet"
                      params={{ id: batch.id }}
                      className={buttonClass('secondary', 'sm')}
                    >
                      <Printer className="size-3.5" aria-hidden /> Sheet
                    </Link>
                    <a
                      href={`${STONES_PATH}/batches/${batch.id}/sheet.pdf`}
                      className={buttonClass('ghost', 'sm')}
                      aria-label={`PDF of batch ${batch.id.slice(0, 8)}`}
                    >
                      <FileDown className="size-3.5" aria-hidden /> PDF
                    </a>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {batches.hasNextPage && (
        <div className="px-4 py-3">
          <Button size="sm" onClick={() => void batches.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
