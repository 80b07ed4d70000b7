import { ExternalLink } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import type { OrderRow } from '../../../../contracts/orders.ts';
import { dateTime } from '../../../lib/time.ts';
import { FulfilmentBadge, money, OrderStatusBadge } from './order-badges.tsx';

const HEADERS = [
  'Number',
  'Customer',
  'Status',
  'Total',
  'Items',
  'Payment',
  'Fulfilment',
  'Carrier',
  'Tracking',
  'Shipped',
  'Placed',
];

/** Orders newest first; a row opens the drawer. The table scrolls inside its card on a narrow screen. */
export function OrdersTable({ rows, onOpen }: { rows: OrderRow[]; onOpen: (id: string) => void }) {
  const key = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter') onOpen(id);
  };
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="orders-table">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
          <tr>
            {HEADERS.map((label) => (
              <th key={label} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              tabIndex={0}
              data-testid="order-row"
              aria-label={`Order ${row.number}, press Enter to open`}
              onClick={() => onOpen(row.id)}
              onKeyDown={key(row.id)}
              className="cursor-pointer border-b border-zinc-100 text-zinc-700 hover:bg-zinc-50 focus-visible:bg-indigo-50/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-800/70 dark:text-zinc-300 dark:hover:bg-zinc-900 dark:focus-visible:bg-indigo-950/40"
            >
              <td className="px-3 py-1.5 font-mono whitespace-nowrap">{row.number}</td>
              <td className="px-3 py-1.5 whitespace-nowrap">{row.customer.email ?? '—'}</td>
              <td className="px-3 py-1.5">
                <OrderStatusBadge status={row.status} />
              </td>
              <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                {money(row.total, row.currency)}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">{row.itemsCount}</td>
              <td className="px-3 py-1.5 font-mono whitespace-nowrap">
                {row.payment ? (
                  <a
                    href={row.payment.dashboardUrl}
                    target="_blank"
                    rel="noreferrer noopener"
                    onClick={(event) => event.stopPropagation()}
                    className="inline-flex items-center gap-1 text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {row.payment.chargeId} <ExternalLink className="size-3" aria-hidden />
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td className="px-3 py-1.5">
                <FulfilmentBadge fulfilment={row.fulfilment} />
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap">{row.carrier ?? '—'}</td>
              <td className="px-3 py-1.5 font-mono whitespace-nowrap">{row.trackingNumber ?? '—'}</td>
              <td className="px-3 py-1.5 whitespace-nowrap text-zinc-500">
                {row.shippedAt ? dateTime(row.shippedAt) : '—'}
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap text-zinc-500">{dateTime(row.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
