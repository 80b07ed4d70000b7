import { Link } from '@tanstack/react-router';
import { ExternalLink } from 'lucide-react';
import type { ReactNode } from 'react';
import type { OrderDetail } from '../../../../contracts/orders.ts';
import { Badge, toneForEventType } from '../../../components/ui/badge.tsx';
import { Facts } from '../../../components/ui/card.tsx';
import { Drawer } from '../../../components/ui/drawer.tsx';
import { ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { dateTime } from '../../../lib/time.ts';
import { can, useMe } from '../../auth/auth.api.ts';
import { useOrder } from '../orders.api.ts';
import { FulfilmentBadge, money, OrderStatusBadge } from './order-badges.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-b border-zinc-100 py-3 dark:border-zinc-800">
      <h3 className="px-5 pb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      <div className="px-1">{children}</div>
    </section>
  );
}

const cents = (value: number, currency: string) => money(value / 100, currency);

function Body({ detail }: { detail: OrderDetail }) {
  const { order } = detail;
  const address = detail.shippingAddress;
  return (
    <div className="overflow-y-auto" data-testid="order-drawer">
      <Section title="Order">
        <Facts
          rows={[
            ['Status', <OrderStatusBadge key="s" status={order.status} />],
            ['Total', money(order.total, order.currency)],
            ['Customer', order.customer.email ?? '—'],
            ['Placed', dateTime(order.createdAt)],
            ['Fulfilment', <FulfilmentBadge key="f" fulfilment={order.fulfilment} />],
            ['Carrier', order.carrier ?? '—'],
            [
              'Tracking number',
              <span key="t" className="font-mono">
                {order.trackingNumber ?? '—'}
              </span>,
            ],
            ['Shipped', order.shippedAt ? dateTime(order.shippedAt) : '—'],
          ]}
        />
      </Section>
      <Section title={`Items (${detail.items.length})`}>
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {detail.items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-3 px-4 py-1.5">
              <span className="min-w-0 truncate">
                {item.title}
                {item.sku && <ProductLink sku={item.sku} />}
              </span>
              <span className="shrink-0 tabular-nums text-zinc-500">
                {item.quantity} × {money(item.unitPrice, order.currency)}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Payment">
        {detail.payments.length === 0 ? (
          <p className="px-4 text-sm text-zinc-500">No Stripe payment recorded for this order.</p>
        ) : (
          <ul className="space-y-1 px-4 text-sm">
            {detail.payments.map((payment) => (
              <li key={payment.chargeId} className="flex flex-wrap items-center gap-2">
                <a
                  href={payment.dashboardUrl}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="inline-flex items-center gap-1 font-mono text-indigo-600 hover:underline dark:text-indigo-400"
                >
                  {payment.chargeId} <ExternalLink className="size-3" aria-hidden />
                </a>
                <Badge>{payment.status.replace('_', ' ')}</Badge>
                <span className="tabular-nums">{cents(payment.amountCents, order.currency)}</span>
                {payment.refundedCents > 0 && (
                  <span className="text-xs text-zinc-500">
                    refunded {cents(payment.refundedCents, order.currency)}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Refunds">
        {detail.refunds.length === 0 ? (
          <p className="px-4 text-sm text-zinc-500">None.</p>
        ) : (
          <ul className="space-y-1 px-4 text-sm">
            {detail.refunds.map((refund) => (
              <li key={refund.id} className="flex flex-wrap items-center gap-2">
                <span className="tabular-nums">{cents(refund.amountCents, order.currency)}</span>
                <Badge>{refund.status}</Badge>
                <span className="text-xs text-zinc-500">
                  {refund.origin === 'stripe' ? 'in Stripe' : 'from the console'} · {refund.reason} ·{' '}
                  {dateTime(refund.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Shipping address">
        {detail.shippingHidden ? (
          <p className="px-4 text-sm text-zinc-500">Hidden: addresses need the view_pii permission.</p>
        ) : address ? (
          <address className="px-4 text-sm not-italic">
            {['name', 'line1', 'line2', 'city', 'region', 'postal_code', 'country']
              .map((key) => address[key])
              .filter((value): value is string => typeof value === 'string' && value !== '')
              .join(', ')}
          </address>
        ) : (
          <p className="px-4 text-sm text-zinc-500">None on file.</p>
        )}
      </Section>
      <Section title="Timeline">
        {detail.timeline.length === 0 ? (
          <p className="px-4 text-sm text-zinc-500">No recorded events yet.</p>
        ) : (
          <ol className="space-y-1 px-4 text-xs">
            {detail.timeline.map((event) => (
              <li key={event.id} className="flex flex-wrap items-center gap-2">
                <Badge tone={toneForEventType(event.type)}>{event.type}</Badge>
                <span className="text-zinc-500">{dateTime(event.ts)}</span>
                <span className="text-zinc-500">{event.actorEmail ?? event.actorRole ?? ''}</span>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}

/** The order's drawer, read-only: management happens in Stripe. */
export function OrderDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const order = useOrder(id);
  return (
    <Drawer
      open={Boolean(id)}
      onOpenChange={(open) => !open && onClose()}
      title={order.data ? `Order ${order.data.order.number}` : 'Order'}
      description="Read-only: orders are managed in Stripe."
    >
      {order.data ? (
        <Body detail={order.data} />
      ) : order.isError ? (
        <ErrorState
          error={order.error}
          onRetry={() => void order.refetch()}
          title="Could not load the order"
        />
      ) : (
        <SkeletonRows rows={8} label="Loading order" />
      )}
    </Drawer>
  );
}

/** An item's product: a link into the Products tab (found by SKU) for roles that may see the catalog. */
function ProductLink({ sku }: { sku: string }) {
  const me = useMe();
  const className = 'ml-2 font-mono text-xs';
  return can(me.data, 'view_catalog') ? (
    <Link
      to="/products"
      search={{ query: sku }}
      className={`${className} text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300`}
      title="Open the product"
    >
      {sku}
    </Link>
  ) : (
    <span className={`${className} text-zinc-500`}>{sku}</span>
  );
}
