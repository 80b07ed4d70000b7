import { useNavigate, useSearch } from '@tanstack/react-router';
import { FULFILMENTS, ORDER_STATUSES } from '../../../contracts/orders.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { FilterBar } from '../../components/filter-bar.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Input } from '../../components/ui/input.tsx';
import { Select } from '../../components/ui/select.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
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
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Orders"
        description="Read-only: orders and their fulfilment are managed in Stripe."
        actions={<ExportLink href={ordersExportHref(search)} testId="orders-export" />}
      />
      <Card>
        <FilterBar
          query={search.query}
          onSearch={(query) => apply({ ...search, query })}
          label="Search orders"
          placeholder="Order number or customer email — Enter"
        >
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
        </FilterBar>
        <PagedList
          list={orders}
          count={rows.length}
          loading={{ rows: 10, label: 'Loading orders' }}
          errorTitle="Could not load orders"
          empty={
            <EmptyState title="No orders match">
              Clear the search or the filters to see every order.
            </EmptyState>
          }
        >
          <OrdersTable rows={rows} onOpen={(id) => apply({ ...search, order: id })} />
        </PagedList>
      </Card>
      <OrderDrawer id={search.order} onClose={() => apply({ ...search, order: undefined })} />
    </div>
  );
}
