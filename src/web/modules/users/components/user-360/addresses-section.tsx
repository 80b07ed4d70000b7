import type { User360 } from '../../../../../contracts/users.ts';
import { Badge } from '../../../../components/ui/badge.tsx';
import { Empty, Section } from './section.tsx';

export function AddressesSection({ addresses }: { addresses: User360['addresses'] }) {
  return (
    <Section title="Addresses">
      {addresses.length === 0 ? (
        <Empty>No saved addresses.</Empty>
      ) : (
        <ul className="grid gap-2 px-5 sm:grid-cols-2">
          {addresses.map((address) => (
            <li
              key={address.id}
              className="rounded-md border border-zinc-200 p-2 text-xs text-zinc-700 dark:border-zinc-800 dark:text-zinc-300"
            >
              <p className="mb-1 flex gap-1.5">
                <Badge>{address.kind}</Badge>
                {address.isDefault && <Badge tone="blue">default</Badge>}
              </p>
              {address.name && <p>{address.name}</p>}
              <p>{address.line1}</p>
              {address.line2 && <p>{address.line2}</p>}
              <p>
                {[address.postalCode, address.city, address.region].filter(Boolean).join(' ')} ·{' '}
                {address.country}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
