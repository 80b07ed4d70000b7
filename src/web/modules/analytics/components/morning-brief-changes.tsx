import type { MorningBrief } from '../../../../contracts/actions.ts';
import { ChangeBadge } from './analytics-tile.tsx';

/** The Morning Brief's figures against the 24 hours before: one ▲/▼ per figure. */
export function MorningBriefChanges({ brief }: { brief: MorningBrief }) {
  const { previous: before } = brief;
  const changes: [string, number, number, boolean?][] = [
    ['Sign-ups', brief.signUps, before.signUps],
    ['Sign-ins', brief.signIns.ok, before.signIns.ok],
    ['Failed sign-ins', brief.signIns.failed, before.signIns.failed, true],
    ['Orders', brief.orders.count, before.orders.count],
    ['Revenue', brief.orders.revenueTotal, before.orders.revenueTotal],
    ['Refunds', brief.refunds.count, before.refunds.count, true],
    ['Missions opened', brief.missions.opened, before.missions.opened, true],
  ];
  return (
    <ul
      aria-label="Change vs the day before"
      className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500"
      data-testid="morning-brief-changes"
    >
      {changes.map(([label, now, then, lowerIsBetter]) => (
        <li key={label} className="flex items-baseline gap-1">
          {label}{' '}
          <ChangeBadge value={now} previous={then} lowerIsBetter={lowerIsBetter} label="vs the day before" />
        </li>
      ))}
    </ul>
  );
}
