import { ExternalLink } from 'lucide-react';
import type { PaymentRow } from '../../../../contracts/stripe.ts';
import { Badge, type Tone } from '../../../components/ui/badge.tsx';
import { dateTime } from '../../../lib/time.ts';

export const PAYMENT_TONE: Record<PaymentRow['status'], Tone> = {
  pending: 'amber',
  succeeded: 'green',
  failed: 'red',
  refunded: 'violet',
  partially_refunded: 'violet',
};

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(
    cents / 100,
  );
}

/** Payments newest first; the table scrolls inside its card on a narrow screen. */
export function StripePaymentsTable({ rows }: { rows: PaymentRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="stripe-payments">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
          <tr>
            {['Charge', 'Amount', 'Status', 'Customer', 'Refunded', 'Order', 'Time', ''].map((label) => (
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
              data-testid="stripe-payment-row"
              className="border-b border-zinc-100 dark:border-zinc-800/70"
            >
              <td className="px-3 py-1.5 font-mono whitespace-nowrap text-zinc-700 dark:text-zinc-300">
                {row.chargeId}
              </td>
              <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                {money(row.amountCents, row.currency)}
              </td>
              <td className="px-3 py-1.5">
                <Badge tone={PAYMENT_TONE[row.status]}>{row.status.replace('_', ' ')}</Badge>
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap text-zinc-700 dark:text-zinc-300">
                {row.customerEmail ?? '—'}
              </td>
              <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                {row.refundedCents > 0 ? money(row.refundedCents, row.currency) : '—'}
              </td>
              <td className="px-3 py-1.5 font-mono whitespace-nowrap">
                {row.orderNumber && row.orderId ? (
                  <a
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                    href={`/orders?order=${row.orderId}`}
                  >
                    {row.orderNumber}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap text-zinc-500">{dateTime(row.createdAt)}</td>
              <td className="px-3 py-1.5">
                <a
                  href={row.dashboardUrl}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="inline-flex items-center gap-1 text-indigo-600 hover:underline dark:text-indigo-400"
                  aria-label={`Open ${row.chargeId} in Stripe`}
                >
                  Stripe <ExternalLink className="size-3" aria-hidden />
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
