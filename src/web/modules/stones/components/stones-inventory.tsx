import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ListTable } from '../../../components/list-table.tsx';
import { LoadMore } from '../../../components/paged-list.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { date, KINDS, STATUSES, type StonesSearch, useStones } from '../stones.api.ts';

const exact = new Intl.NumberFormat();

/** The inventory: counts per kind × status, filters kept in the URL, newest stones first. */
export function StonesInventory({
  filters,
  onApply,
}: {
  filters: Omit<StonesSearch, 'view'>;
  onApply: (next: Omit<StonesSearch, 'view'>) => void;
}) {
  const stones = useStones(filters);
  const rows = stones.data?.pages.flatMap((page) => page.rows) ?? [];
  const counts = stones.data?.pages[0]?.counts ?? [];
  const [code, setCode] = useState(filters.code ?? '');
  useEffect(() => setCode(filters.code ?? ''), [filters.code]);
  const set = (patch: Partial<StonesSearch>) => {
    const next = { ...filters, ...patch };
    onApply(Object.fromEntries(Object.entries(next).filter(([, value]) => value)) as StonesSearch);
  };

  return (
    <>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-2 border-b border-zinc-100 p-4 dark:border-zinc-800">
        {KINDS.flatMap((kind) =>
          STATUSES.map((status) => {
            const n = counts.find((count) => count.kind === kind && count.status === status)?.n ?? 0;
            const active = filters.kind === kind && filters.status === status;
            return (
              <button
                type="button"
                key={`${kind}-${status}`}
                data-testid={`count-${kind}-${status}`}
                onClick={() => set(active ? { kind: undefined, status: undefined } : { kind, status })}
                className={`rounded-md border px-3 py-2 text-left transition-colors ${
                  active
                    ? 'border-indigo-400 bg-indigo-50 dark:border-indigo-500 dark:bg-indigo-950'
                    : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800'
                }`}
              >
                <div className="text-xs text-zinc-600 capitalize dark:text-zinc-400">
                  {kind}s · {status}
                </div>
                <div className="text-lg font-semibold tabular-nums text-zinc-900 dark:text-zinc-100">
                  {exact.format(n)}
                </div>
              </button>
            );
          }),
        )}
      </div>
      <form
        className="flex flex-wrap items-end gap-2 border-b border-zinc-100 p-4 dark:border-zinc-800"
        onSubmit={(event) => {
          event.preventDefault();
          set({ code: code.trim() || undefined });
        }}
      >
        <Field label="Kind" htmlFor="stones-kind">
          <Select
            id="stones-kind"
            value={filters.kind ?? ''}
            onChange={(event) => set({ kind: (event.target.value || undefined) as StonesSearch['kind'] })}
          >
            <option value="">Any kind</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status" htmlFor="stones-status">
          <Select
            id="stones-status"
            value={filters.status ?? ''}
            onChange={(event) => set({ status: (event.target.value || undefined) as StonesSearch['status'] })}
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Premapped" htmlFor="stones-premapped">
          <Select
            id="stones-premapped"
            value={filters.premapped ?? ''}
            onChange={(event) =>
              set({ premapped: (event.target.value || undefined) as StonesSearch['premapped'] })
            }
          >
            <option value="">Either</option>
            <option value="true">Premapped</option>
            <option value="false">Not premapped</option>
          </Select>
        </Field>
        <Field label="Code starts with" htmlFor="stones-code">
          <Input
            id="stones-code"
            value={code}
            maxLength={19}
            placeholder="ABCD-EF…"
            className="w-40 font-mono"
            onChange={(event) => setCode(event.target.value)}
          />
        </Field>
        <Button type="submit">Search</Button>
        {filters.batch && (
          <Badge tone="blue" className="self-center">
            batch {filters.batch.slice(0, 8)}{' '}
            <button type="button" aria-label="Clear batch" onClick={() => set({ batch: undefined })}>
              ×
            </button>
          </Badge>
        )}
      </form>
      {stones.error ? (
        <ErrorState error={stones.error} onRetry={() => void stones.refetch()} />
      ) : !stones.data ? (
        <SkeletonRows rows={8} label="Loading stones" />
      ) : rows.length === 0 ? (
        <EmptyState title="No stones match">Loosen a filter, or generate a batch.</EmptyState>
      ) : (
        <>
          <ListTable
            minWidth="min-w-[44rem]"
            columns={['Code', 'Kind', 'Status', 'Premapped to', 'Activated', 'Made']}
          >
            {rows.map((stone) => (
              <tr
                key={stone.id}
                className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50"
              >
                <td className="px-4 py-2 font-mono">
                  <Link
                    to="/stones/$id"
                    params={{ id: stone.id }}
                    className="text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {stone.code}
                  </Link>
                </td>
                <td className="px-4 py-2 capitalize">{stone.kind}</td>
                <td className="px-4 py-2">
                  <Badge tone={stone.status === 'activated' ? 'green' : 'neutral'}>{stone.status}</Badge>
                </td>
                <td className="px-4 py-2">{stone.location?.name ?? '—'}</td>
                <td className="px-4 py-2 tabular-nums">{date(stone.activatedAt)}</td>
                <td className="px-4 py-2 tabular-nums">{date(stone.createdAt)}</td>
              </tr>
            ))}
          </ListTable>
          <div className="flex items-center justify-between px-4 py-3 text-xs text-zinc-500">
            <span>{exact.format(rows.length)} shown</span>
            {stones.hasNextPage && <LoadMore list={stones} />}
          </div>
        </>
      )}
    </>
  );
}
