import type { User360 } from '../../../../../contracts/users.ts';
import { Facts } from '../../../../components/ui/card.tsx';
import { formatMoney } from '../user-badges.tsx';
import { cellClass, MiniTable, Section, Time } from './section.tsx';

export function CommerceSection({ commerce, now }: { commerce: User360['commerce']; now: number }) {
  return (
    <Section title="Commerce">
      <Facts
        rows={[
          ['Orders', commerce.ordersCount],
          ['Lifetime value', formatMoney(commerce.lifetimeValue)],
          ['Last order', <Time key="last-order" iso={commerce.lastOrderAt} now={now} />],
        ]}
      />
      {commerce.recentOrders.length > 0 && (
        <MiniTable head={['Order', 'Status', 'Total', 'When']}>
          {commerce.recentOrders.map((order) => (
            <tr key={order.id}>
              <td className={`${cellClass} font-mono`}>{order.number}</td>
              <td className={cellClass}>{order.status}</td>
              <td className={`${cellClass} tabular-nums`}>
                {formatMoney(order.total)} {order.currency.toUpperCase()}
              </td>
              <td className={cellClass}>
                <Time iso={order.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
