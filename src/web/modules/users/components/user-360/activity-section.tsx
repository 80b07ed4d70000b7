import type { RevealResponse, User360 } from '../../../../../contracts/users.ts';
import { Badge } from '../../../../components/ui/badge.tsx';
import { describeUserAgent } from '../../user-agent.ts';
import { cellClass, Empty, Ip, ipOf, MiniTable, Section, Time } from './section.tsx';

const METHOD_LABEL: Record<string, string> = { signin: 'sign-in', signup: 'sign-up', refresh: 'renewal' };

/** Where the attempt came from, as GeoIP places it: "St Albans, ENG, GB", or a dash. */
function placeOf(event: User360['activity'][number]): string {
  return [event.city, event.region, event.country].filter(Boolean).join(', ') || '—';
}

/** The risk score (0–100, seed 001) as a badge: 50 and above red, 30 and above amber. */
function Risk({ score }: { score: number | null }) {
  if (score === null) return <span className="text-zinc-600 dark:text-zinc-400">—</span>;
  const tone = score >= 50 ? 'red' : score >= 30 ? 'amber' : 'neutral';
  return (
    <span title="Risk score: new device +30, new country +30, recent failures +20, impossible travel +40">
      <Badge tone={tone}>{score}</Badge>
    </span>
  );
}

/**
 * The latest sign-in attempts and session renewals: failed ones with their error code; each with
 * its method, where it came from and its risk score.
 */
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
        <MiniTable
          head={['Result', 'Method', 'Where', 'Risk', 'IP', 'Device', 'When']}
          testId="user-360-activity"
        >
          {activity.map((event) => (
            <tr key={event.id} data-testid="user-360-activity-row">
              <td className={cellClass}>
                {event.success ? (
                  <Badge tone="green">success</Badge>
                ) : (
                  <Badge tone="red">{event.errorCode ?? 'failed'}</Badge>
                )}
              </td>
              <td className={cellClass} data-testid="user-360-activity-method">
                {METHOD_LABEL[event.method] ?? event.method}
                <span className="text-zinc-600 dark:text-zinc-400"> · {event.provider}</span>
              </td>
              <td className={cellClass} data-testid="user-360-activity-where">
                {placeOf(event)}
              </td>
              <td className={cellClass} data-testid="user-360-activity-risk">
                <Risk score={event.riskScore} />
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
