import { useMutation } from '@tanstack/react-query';
import { Newspaper } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { MorningBrief } from '../../../../contracts/actions.ts';
import { ActionCard, InlineError, Stat } from '../../../components/action-card.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { dateTime } from '../../../lib/time.ts';
import { MorningBriefChanges } from '../../analytics/components/morning-brief-changes.tsx';
import { useIntegrations } from '../../signals/signals.api.ts';
import { actionsApi, type BriefChannel } from '../actions.api.ts';

/** Morning Brief: the last day in numbers, on demand; posting it needs send_messages and a channel. */
export function MorningBriefCard({ allowed, canSend }: { allowed: boolean; canSend: boolean }) {
  // The brief on screen stays while a refresh or a send runs (or fails).
  const [brief, setBrief] = useState<MorningBrief>();
  const show = useMutation({ mutationFn: actionsApi.brief, onSuccess: setBrief });
  const send = useMutation({
    mutationFn: actionsApi.sendBrief,
    onSuccess: (sent) => toast.success(`Brief sent to ${sent.destination}`),
  });
  const integrations = useIntegrations(allowed && canSend);
  const busy = show.isPending || send.isPending;
  const why = (channel: BriefChannel) =>
    !canSend
      ? 'Sending needs the send_messages permission'
      : integrations.data && !integrations.data[channel].configured
        ? integrations.data[channel].reason
        : null;

  return (
    <ActionCard
      testId="action-morning-brief"
      title="Morning Brief"
      icon={<Newspaper className="size-4 text-amber-500" aria-hidden />}
      description="The last day in numbers: sign-ups, sign-ins, orders, learning and missions."
      permission="view_analytics"
      allowed={allowed}
    >
      <div>
        <Button
          size="sm"
          onClick={() => {
            send.reset();
            show.mutate();
          }}
          disabled={busy}
        >
          {busy ? 'Loading…' : brief ? 'Refresh' : 'Show brief'}
        </Button>
      </div>
      <InlineError error={show.error ?? send.error} />
      {brief && (
        <div className="flex flex-col gap-3" data-testid="morning-brief">
          <div className="grid grid-cols-3 gap-2">
            <Stat label="Sign-ups" value={brief.signUps} />
            <Stat label="Sign-ins (failed)" value={`${brief.signIns.ok} (${brief.signIns.failed})`} />
            <Stat label="Active students" value={brief.activeStudents} />
            <Stat label="Orders" value={`${brief.orders.count} · ${brief.orders.revenue}`} />
            <Stat label="Refunds" value={`${brief.refunds.count} · ${brief.refunds.amount}`} />
            <Stat label="Missions open" value={brief.missions.open} />
          </div>
          <MorningBriefChanges brief={brief} />
          <pre className="rounded-md bg-zinc-50 p-3 font-sans text-sm leading-relaxed whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-800">
            {brief.text}
          </pre>
          <p className="text-[11px] text-zinc-400">
            {dateTime(brief.from)} – {dateTime(brief.to)}
          </p>
          <div className="flex flex-wrap gap-2">
            {(['discord', 'email'] as const).map((channel) => (
              <Button
                key={channel}
                size="sm"
                disabled={busy || Boolean(why(channel))}
                title={why(channel) ?? undefined}
                onClick={() => {
                  show.reset();
                  send.mutate(channel);
                }}
              >
                {channel === 'discord' ? 'Post to Discord' : 'Mail it to me'}
              </Button>
            ))}
          </div>
        </div>
      )}
    </ActionCard>
  );
}
