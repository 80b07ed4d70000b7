import { useNavigate, useSearch } from '@tanstack/react-router';
import { Search } from 'lucide-react';
import type { FormEvent } from 'react';
import { FULFILMENTS, ORDER_STATUSES } from '../../../contracts/orders.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Input } from '../../components/ui/input.tsx';
import { Select } from '../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { fromLocalInput, toLocalInput } from '../../lib/time.ts';
import { OrderDrawer } from './components/order-drawer.tsx';
import { OrdersTable } from './components/orders-table.tsx';
import { ORDERS_PATH, type OrdersSearch, ordersExportHref, useOrders } from './orders.api.ts';

export function OrdersPage() {
  const search = useSearch({ from: '/_console/orders' });
  const navigate = useNavigate({ from: '/orders' });
  const orders = useOrders(search);
  const rows = orders.data?.pages.flatMap((page) => page.rows) ?? [];
  usePageTelemetry('/orders', ORDERS_PATH, orders.data ? rows.length : undefined);
  const apply = (next: OrdersSearch) => void navigate({ search: next, replace: true });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = String(new FormData(event.currentTarget).get('query') ?? '').trim();
    apply({ ...search, query: query || undefined });
  }
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Orders"
        description="Read-only: orders and their fulfilment are managed in Stripe."
        actions={<ExportLink href={ordersExportHref(search)} testId="orders-export" />}
      />
      <Card>
        <form
          onSubmit={submit}
          className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-2 dark:border-zinc-800"
        >
          <div className="relative min-w-0 flex-1 basis-56">
            <Search className="pointer-events-none absolute top-2 left-2 size-4 text-zinc-400" aria-hidden />
            <Input
              name="query"
              aria-label="Search orders"
              placeholder="Order number or customer email — Enter"
              defaultValue={search.query ?? ''}
              key={search.query ?? ''}
              className="h-8 pl-8 text-xs"
            />
          </div>
          <div className="w-full sm:w-36">
            <Select
              aria-label="Status"
              className="h-8 text-xs"
              value={search.status ?? ''}
              onChange={(event) =>
                apply({ ...search, status: (event.target.value || undefined) as OrdersSearch['status'] })
              }
            >
              <option value="">Any status</option>
              {ORDER_STATUSES.map((status) => (
                <option key={status}>{status}</option>
              ))}
            </Select>
          </div>
          <div className="w-full sm:w-40">
            <Select
              aria-label="Fulfilment"
              className="h-8 text-xs"
              value={search.fulfilment ?? ''}
              onChange={(event) =>
                apply({
                  ...search,
                  fulfilment: (event.target.value || undefined) as OrdersSearch['fulfilment'],
                })
              }
            >
              <option value="">Any fulfilment</option>
              {FULFILMENTS.map((fulfilment) => (
                <option key={fulfilment}>{fulfilment}</option>
              ))}
            </Select>
          </div>
          <div className="w-full sm:w-48">
            <Input
              type="datetime-local"
              aria-label="Placed from"
              className="h-8 text-xs"
              value={toLocalInput(search.from)}
              onChange={(event) => apply({ ...search, from: fromLocalInput(event.target.value) })}
            />
          </div>
          <div className="w-full sm:w-48">
            <Input
              type="datetime-local"
              aria-label="Placed before"
              className="h-8 text-xs"
              value={toLocalInput(search.to)}
              onChange={(event) => apply({ ...search, to: fromLocalInput(event.target.value) })}
            />
          </div>
        </form>
        {orders.isError ? (
          <ErrorState
            error={orders.error}
            onRetry={() => void orders.refetch()}
            title="Could not load orders"
          />
        ) : orders.isPending ? (
          <SkeletonRows rows={10} label="Loading orders" />
        ) : rows.length === 0 ? (
          <EmptyState title="No orders match">Clear the search or the filters to see every order.</EmptyState>
        ) : (
          <>
            <OrdersTable rows={rows} onOpen={(id) => apply({ ...search, order: id })} />
            {orders.hasNextPage && (
              <div className="flex justify-center p-3">
                <Button
                  size="sm"
                  onClick={() => void orders.fetchNextPage()}
                  disabled={orders.isFetchingNextPage}
                >
                  {orders.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
      <OrderDrawer id={search.order} onClose={() => apply({ ...search, order: undefined })} />
    </div>
  );
}
