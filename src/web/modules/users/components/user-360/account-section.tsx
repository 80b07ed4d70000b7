import type { User360 } from '../../../../../contracts/users.ts';
import { Facts } from '../../../../components/ui/card.tsx';
import { Section, Time } from './section.tsx';

export function AccountSection({ account, now }: { account: User360['account']; now: number }) {
  return (
    <Section title="Account">
      <Facts
        rows={[
          ['Email', account.email],
          ['Name', account.name || '—'],
          ['First / last', `${account.firstName ?? '—'} / ${account.lastName ?? '—'}`],
          ['Joined', <Time key="joined" iso={account.joined} now={now} />],
          ['Email verified', account.emailVerified ? 'Yes' : 'No'],
          ['Marketing opt-in', account.marketingOptIn ? 'Yes' : 'No'],
          [
            'Stripe customer',
            <span key="stripe" className="font-mono text-xs">
              {account.stripeCustomerId ?? '—'}
            </span>,
          ],
          [
            'User id',
            <span key="id" className="font-mono text-xs">
              {account.id}
            </span>,
          ],
        ]}
      />
    </Section>
  );
}
