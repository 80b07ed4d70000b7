import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  FULFILMENTS,
  type Fulfilment,
  ORDER_STATUSES,
  type OrderDetail,
  type OrderStatus,
  type OrdersResponse,
} from '../../../contracts/orders.ts';
import { api, toQuery } from '../../lib/api.ts';

export const ORDERS_PATH = '/api/admin/orders';

/** The Orders panel's filters and the open drawer (`?order=<id>`), as they live in the URL. */
export type OrdersSearch = {
  query?: string;
  status?: OrderStatus;
  fulfilment?: Fulfilment;
  from?: string;
  to?: string;
  order?: string;
};

/** Reads the URL leniently: an unknown value is dropped rather than sent to the API as a 400. */
export function parseOrdersSearch(search: Record<string, unknown>): OrdersSearch {
  const out: OrdersSearch = {};
  const query = typeof search.query === 'number' ? String(search.query) : search.query;
  if (typeof query === 'string' && query.trim()) out.query = query.trim().slice(0, 200);
  if (typeof search.status === 'string' && (ORDER_STATUSES as readonly string[]).includes(search.status))
    out.status = search.status as OrderStatus;
  if (typeof search.fulfilment === 'string' && (FULFILMENTS as readonly string[]).includes(search.fulfilment))
    out.fulfilment = search.fulfilment as Fulfilment;
  for (const key of ['from', 'to'] as const) {
    const value = search[key];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      out[key] = new Date(value).toISOString();
  }
  if (typeof search.order === 'string' && /^[0-9a-f-]{36}$/i.test(search.order)) out.order = search.order;
  return out;
}

/** The Orders list's CSV for the filters on screen (platform/export.ts); the open drawer is no filter. */
export function ordersExportHref(search: OrdersSearch): string {
  const { order: _drawer, ...filters } = search;
  return `${ORDERS_PATH}/export${toQuery(filters)}`;
}

export function useOrders(search: OrdersSearch) {
  const { order: _drawer, ...filters } = search;
  return useInfiniteQuery({
    queryKey: ['orders', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<OrdersResponse>(`${ORDERS_PATH}${toQuery({ ...filters, pageSize: 50, cursor: pageParam })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: ['orders', 'detail', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api<OrderDetail>(`${ORDERS_PATH}/${encodeURIComponent(id!)}`, { signal }),
  });
}
