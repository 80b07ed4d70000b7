import { Link } from '@tanstack/react-router';
import type { PulseResult } from '../../../../contracts/signals.ts';
import { Stat } from '../../../components/action-card.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { PRIORITY_TONE } from '../../missions/components/mission-card.tsx';

/** What a Health Pulse (or Drift Scan) found, and opened/cleared — or would, in a preview. */
export function PulseResultView({ result, preview }: { result: PulseResult; preview: boolean }) {
  const verb = preview ? 'Would open' : 'Opened';
  return (
    <div className="flex flex-col gap-3" data-testid={preview ? 'pulse-preview' : 'pulse-result'}>
      <div className="grid grid-cols-4 gap-2">
        <Stat label="Signals" value={result.signals.length} />
        <Stat label={verb} value={result.opened.length} tone={result.opened.length ? 'red' : undefined} />
        <Stat label="Updated" value={result.updated.length} />
        <Stat
          label={preview ? 'Would clear' : 'Cleared'}
          value={result.cleared.length}
          tone={result.cleared.length ? 'green' : undefined}
        />
      </div>
      {result.signals.length > 0 && (
        <ul className="divide-y divide-zinc-100 rounded-md ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
          {result.signals.map((signal) => (
            <li key={signal.key} className="flex items-center justify-between gap-2 px-3 py-1.5 text-xs">
              <span className="min-w-0 truncate text-zinc-700 dark:text-zinc-300">{signal.title}</span>
              <Badge tone={PRIORITY_TONE[signal.severity]}>{signal.severity}</Badge>
            </li>
          ))}
        </ul>
      )}
      {(result.opened.length > 0 || result.cleared.length > 0) && (
        <ul className="flex flex-col gap-1 text-xs">
          {result.opened.map((mission) => (
            <li key={mission.id}>
              {verb}:{' '}
              {preview ? (
                <span className="font-medium">{mission.title}</span>
              ) : (
                <Link
                  to="/missions"
                  search={{ mission: mission.id }}
                  className="font-medium text-indigo-600 underline-offset-2 hover:underline dark:text-indigo-400"
                >
                  {mission.title}
                </Link>
              )}
            </li>
          ))}
          {result.cleared.map((mission) => (
            <li key={mission.id} className="text-emerald-700 dark:text-emerald-400">
              {preview ? 'Would clear' : 'Cleared'}: {mission.title}
            </li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <ul className="text-[11px] text-amber-700 dark:text-amber-400">
          {result.skipped.map((skip) => (
            <li key={skip.detector}>
              Skipped {skip.detector}: {skip.reason}
            </li>
          ))}
        </ul>
      )}
      {result.signals.length === 0 && result.opened.length === 0 && result.cleared.length === 0 && (
        <p className="text-xs text-zinc-500">All quiet: no detector fired.</p>
      )}
    </div>
  );
}
