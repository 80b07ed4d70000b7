import type { RevealResponse, User360 } from '../../../../../contracts/users.ts';
import { Badge } from '../../../../components/ui/badge.tsx';
import { describeUserAgent } from '../../user-agent.ts';
import { cellClass, Empty, Ip, ipOf, MiniTable, Section, Time } from './section.tsx';

/** The latest sign-in attempts, failed ones with their error code. */
export function ActivitySection({
  activity,
  now,
  revealed,
}: {
  activity: User360['activity'];
  now: number;
  revealed: RevealResponse['loginEvents'] | undefined;
}) {
  return (
    <Section title="Activity">
      {activity.length === 0 ? (
        <Empty>No sign-in attempts recorded.</Empty>
      ) : (
        <MiniTable head={['Result', 'Provider', 'IP', 'Device', 'When']} testId="user-360-activity">
          {activity.map((event) => (
            <tr key={event.id}>
              <td className={cellClass}>
                {event.success ? (
                  <Badge tone="green">success</Badge>
                ) : (
                  <Badge tone="red">{event.errorCode ?? 'failed'}</Badge>
                )}
              </td>
              <td className={cellClass}>
                {event.provider}
                <span className="text-zinc-400"> · {event.method}</span>
              </td>
              <td className={cellClass}>
                <Ip value={ipOf(revealed, event.id, event.ip)} />
              </td>
              <td className={cellClass} title={event.userAgent ?? undefined}>
                {describeUserAgent(event.userAgent)}
              </td>
              <td className={cellClass}>
                <Time iso={event.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
