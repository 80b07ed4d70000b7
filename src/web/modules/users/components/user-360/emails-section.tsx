import type { User360 } from '../../../../../contracts/users.ts';
import { Badge } from '../../../../components/ui/badge.tsx';
import { cellClass, Empty, MiniTable, Section, Time } from './section.tsx';

/** The transactional mail sent to this member, and how each went. */
export function EmailsSection({ emails, now }: { emails: User360['emails']; now: number }) {
  return (
    <Section title="Emails">
      {emails.length === 0 ? (
        <Empty>No transactional mail sent.</Empty>
      ) : (
        <MiniTable head={['Template', 'Subject', 'Status', 'When']}>
          {emails.map((email) => (
            <tr key={email.id}>
              <td className={`${cellClass} font-mono`}>{email.template}</td>
              <td className={cellClass}>{email.subject}</td>
              <td className={cellClass} title={email.error ?? undefined}>
                <Badge
                  tone={email.status === 'sent' ? 'green' : email.status === 'failed' ? 'red' : 'neutral'}
                >
                  {email.status}
                </Badge>
              </td>
              <td className={cellClass}>
                <Time iso={email.sentAt ?? email.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
