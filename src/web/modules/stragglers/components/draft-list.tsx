import { Send } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { InlineError } from '../../../components/action-card.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { type Channels, channelBlock, type SendResult, useDrafts, useSendDrafts } from '../stragglers.api.ts';
import { DraftEditor } from './draft-editor.tsx';

/** The drafts to review, and sending the approved ones: what each send did stays listed. */
export function DraftList({ channels }: { channels: Channels | undefined }) {
  const drafts = useDrafts();
  const send = useSendDrafts();
  const [sent, setSent] = useState<SendResult>();

  const approved = (drafts.data ?? []).filter((draft) => draft.status === 'approved');
  const sendable = approved.filter((draft) => !channelBlock(draft.channel, channels));
  const sendBlock =
    approved.length === 0
      ? 'Approve a draft first'
      : sendable.length === 0
        ? (channelBlock(approved[0]!.channel, channels) ?? undefined)
        : undefined;

  const sendApproved = () =>
    send.mutate(
      sendable.map((draft) => draft.id),
      {
        onSuccess: (answer) => {
          setSent(answer);
          const ok = answer.results.filter((each) => each.ok).length;
          const failed = answer.results.length - ok;
          if (failed === 0) toast.success(`Sent ${ok} message${ok === 1 ? '' : 's'}`);
          else toast.warning(`Sent ${ok}, ${failed} failed`);
        },
      },
    );

  const live = drafts.data?.filter((draft) => draft.status !== 'discarded');
  return (
    <section
      aria-labelledby="drafts-heading"
      className="flex flex-col gap-2 border-t border-zinc-100 pt-3 dark:border-zinc-800"
    >
      <div className="flex items-center justify-between gap-2">
        <h3 id="drafts-heading" className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">
          Drafts
        </h3>
        <span title={sendBlock}>
          <Button
            variant="primary"
            size="sm"
            onClick={sendApproved}
            disabled={Boolean(sendBlock) || send.isPending}
          >
            <Send className="size-3.5" aria-hidden />
            {send.isPending ? 'Sending…' : `Send approved (${sendable.length})`}
          </Button>
        </span>
      </div>
      {sendBlock && approved.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-400">{sendBlock}</p>
      )}
      <InlineError error={send.error} />
      {sent && (
        <ul data-testid="send-results" className="flex flex-col gap-0.5 text-xs">
          {sent.results.map((each) => {
            const draft = drafts.data?.find((d) => d.id === each.draftId);
            return (
              <li
                key={each.draftId}
                className={
                  each.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'
                }
              >
                {draft?.user.email ?? each.draftId}:{' '}
                {each.ok ? 'sent' : `${each.status}${each.error ? ` — ${each.error}` : ''}`}
              </li>
            );
          })}
        </ul>
      )}
      {live ? (
        live.length === 0 ? (
          <EmptyState title="No drafts">
            Find stragglers, pick some, and create drafts to review here.
          </EmptyState>
        ) : (
          <ul className="flex flex-col gap-2">
            {live.map((draft) => (
              <DraftEditor key={draft.id} draft={draft} channels={channels} />
            ))}
          </ul>
        )
      ) : drafts.isError ? (
        <ErrorState
          error={drafts.error}
          onRetry={() => void drafts.refetch()}
          title="Could not load drafts"
        />
      ) : (
        <SkeletonRows rows={3} label="Loading drafts" />
      )}
    </section>
  );
}
