import type { DraggableProvided } from '@hello-pangea/dnd';
import { CheckCircle2, GripVertical, User } from 'lucide-react';
import type { Mission } from '../../../../contracts/missions.ts';
import { Badge, type Tone } from '../../../components/ui/badge.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { relativeTime } from '../../../lib/time.ts';

export const PRIORITY_TONE: Record<Mission['priority'], Tone> = {
  low: 'neutral',
  medium: 'blue',
  high: 'amber',
  urgent: 'red',
};

/** A one-line reading of a card's evidence: its simple values, the first few. */
export function evidenceSummary(evidence: Record<string, unknown>, max = 3): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (parts.length >= max) break;
    if (/id$/i.test(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key} ${value}`);
    else if (typeof value === 'string' && value.length <= 40) parts.push(`${key} ${value}`);
  }
  return parts.join(' · ');
}

export function MissionCard({
  mission,
  provided,
  dragging,
  canMove,
  now,
  onOpen,
}: {
  mission: Mission;
  provided: DraggableProvided;
  dragging: boolean;
  canMove: boolean;
  now: number;
  onOpen: () => void;
}) {
  const summary = evidenceSummary(mission.evidence);
  return (
    <li
      ref={provided.innerRef}
      {...provided.draggableProps}
      data-testid="mission-card"
      data-mission-id={mission.id}
      data-status={mission.status}
      className={cn(
        'group flex gap-1.5 rounded-md border border-zinc-200 bg-white p-2.5 shadow-xs dark:border-zinc-700/80 dark:bg-zinc-900',
        dragging && 'shadow-lg ring-2 ring-indigo-500/60',
      )}
    >
      {canMove && (
        // biome-ignore lint/a11y/useSemanticElements: the dnd library refuses to start a drag from a <button>
        <span
          {...provided.dragHandleProps}
          role="button"
          tabIndex={0}
          aria-label={`Move “${mission.title}” (space to lift, arrows to move, space to drop)`}
          data-testid="mission-drag-handle"
          className="-ml-1 mt-0.5 h-fit rounded p-0.5 text-zinc-300 hover:bg-zinc-100 hover:text-zinc-600 focus-visible:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-600 dark:hover:bg-zinc-800 dark:hover:text-zinc-300"
        >
          <GripVertical className="size-4" aria-hidden />
        </span>
      )}
      <button
        type="button"
        onClick={onOpen}
        className="min-w-0 flex-1 rounded text-left focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
      >
        <div className="flex items-start justify-between gap-2">
          <p className="text-sm leading-snug font-medium text-zinc-900 dark:text-zinc-100">{mission.title}</p>
          <Badge tone={PRIORITY_TONE[mission.priority]} className="shrink-0">
            {mission.priority}
          </Badge>
        </div>
        {(mission.signalKey || summary) && (
          <p
            className="mt-1 truncate font-mono text-[11px] text-zinc-500"
            title={mission.signalKey ?? undefined}
          >
            {mission.signalKey ? mission.signalKey.split(':')[0] : 'manual'}
            {summary && ` · ${summary}`}
          </p>
        )}
        {mission.signalClearedAt && (
          <p className="mt-1 flex items-center gap-1 text-[11px] text-emerald-700 dark:text-emerald-400">
            <CheckCircle2 className="size-3" aria-hidden /> signal cleared{' '}
            {relativeTime(mission.signalClearedAt, now)}
          </p>
        )}
        <div className="mt-2 flex items-center justify-between gap-2 text-[11px] text-zinc-500">
          <span className="flex min-w-0 items-center gap-1">
            <User className="size-3 shrink-0" aria-hidden />
            <span className="truncate">{mission.owner?.email ?? 'unassigned'}</span>
          </span>
          <time
            dateTime={mission.createdAt}
            title={new Date(mission.createdAt).toString()}
            className="shrink-0"
          >
            {relativeTime(mission.createdAt, now)}
          </time>
        </div>
      </button>
    </li>
  );
}
