import type { AuditEvent } from '../../contracts/audit.ts';
import { type StreamStatus, useTicker } from '../lib/sse.ts';
import { relativeTime, useNow } from '../lib/time.ts';
import { SubjectRef } from './subject-ref.tsx';
import { Badge, toneForEventType } from './ui/badge.tsx';
import { cn } from './ui/cn.ts';

const STATUS: Record<StreamStatus, { label: string; dot: string }> = {
  idle: { label: 'offline', dot: 'bg-zinc-400' },
  connecting: { label: 'connecting', dot: 'bg-amber-400 animate-pulse' },
  live: { label: 'live', dot: 'bg-emerald-500' },
  reconnecting: { label: 'reconnecting', dot: 'bg-amber-400 animate-pulse' },
  paused: { label: 'paused', dot: 'bg-zinc-400' },
};

export function StreamDot({ status }: { status: StreamStatus }) {
  const { label, dot } = STATUS[status];
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-500" data-testid="stream-status">
      <span className={cn('size-2 rounded-full', dot)} aria-hidden />
      {label}
    </span>
  );
}

export function TickerItem({
  event,
  now,
  testId = 'ticker-item',
}: {
  event: AuditEvent;
  now: number;
  testId?: string;
}) {
  return (
    <li
      data-testid={testId}
      className="animate-[slide-in_220ms_ease-out] motion-reduce:animate-none border-b border-zinc-100 px-3 py-2 last:border-0 dark:border-zinc-800/70"
    >
      <div className="flex items-center justify-between gap-2">
        <Badge tone={toneForEventType(event.type)}>{event.type}</Badge>
        <time
          dateTime={event.ts}
          title={new Date(event.ts).toLocaleString()}
          className="shrink-0 text-[11px] text-zinc-400 tabular-nums"
        >
          {relativeTime(event.ts, now)}
        </time>
      </div>
      <p className="mt-1 truncate text-xs text-zinc-700 dark:text-zinc-300">{event.actorEmail ?? 'system'}</p>
      <p className="flex min-w-0 text-[11px] text-zinc-500 dark:text-zinc-400">
        <SubjectRef event={event} className="block" />
      </p>
    </li>
  );
}

/** The right-hand Live Activity column: newest first, animating new rows in. */
export function LiveTicker() {
  const { events, status } = useTicker();
  const now = useNow();
  return (
    <aside
      aria-label="Live activity"
      className="hidden w-72 shrink-0 flex-col border-l border-zinc-200 bg-white/60 xl:flex dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="flex h-12 items-center justify-between border-b border-zinc-200 px-3 dark:border-zinc-800">
        <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Live activity</h2>
        <StreamDot status={status} />
      </header>
      {events.length === 0 ? (
        <p className="p-4 text-xs text-zinc-500">
          {status === 'live' ? 'No activity yet.' : 'Waiting for the stream…'}
        </p>
      ) : (
        // Focusable so keyboard users can scroll the list (it holds nothing else to tab to).
        <ol
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable list must be reachable by keyboard (WCAG 2.1.1)
          tabIndex={0}
          aria-label="Latest events"
          className="flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
          aria-live="polite"
          aria-relevant="additions"
        >
          {events.map((event) => (
            <TickerItem key={event.id} event={event} now={now} />
          ))}
        </ol>
      )}
    </aside>
  );
}
