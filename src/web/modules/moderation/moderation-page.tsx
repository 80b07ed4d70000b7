import { useState } from 'react';
import { toast } from 'sonner';
import type { QueueItem } from '../../../contracts/moderation.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { relativeTime } from '../../lib/time.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { FLAGS_EXPORT_HREF, useModerate, useQueue, useSuspendAuthor, useViewPost } from './moderation.api.ts';

type Asking = { item: QueueItem; kind: 'remove' | 'suspend' } | null;

/** Open flags grouped by post, flagged longest ago first; every action is one click, audited. */
export function ModerationPage() {
  const me = useMe().data;
  const queue = useQueue();
  const moderate = useModerate();
  const suspend = useSuspendAuthor();
  const view = useViewPost();
  const [reading, setReading] = useState<{ id: string; body: string } | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState('');
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const first = queue.data?.pages[0];

  const run = (item: QueueItem, action: 'dismiss' | 'hide' | 'restore' | 'remove', why?: string) =>
    moderate.mutate(
      { postId: item.post.id, action, ...(why ? { reason: why } : {}) },
      {
        onSuccess: (answer) =>
          toast.success(
            `Post ${answer.post.status === item.post.status ? 'flags dismissed' : answer.post.status}`,
          ),
        onError: (error) => toast.error(error.message),
      },
    );

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Moderation"
        description="Flagged posts. These are private journals: read a post only to decide on it (each opening is recorded)."
        actions={
          <>
            {first ? (
              <span className="text-sm text-zinc-500" data-testid="open-flags">
                {first.openFlags} open flags
                {first.oldestOpenHours !== null && ` · oldest ${Math.round(first.oldestOpenHours)} h`}
              </span>
            ) : null}
            <ExportLink href={FLAGS_EXPORT_HREF} testId="flags-export" />
          </>
        }
      />
      {queue.error ? (
        <Card>
          <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
        </Card>
      ) : !queue.data ? (
        <Card>
          <SkeletonRows rows={6} label="Loading queue" />
        </Card>
      ) : items.length === 0 ? (
        <Card>
          <EmptyState title="Nothing flagged">The queue is empty.</EmptyState>
        </Card>
      ) : (
        <ul className="flex flex-col gap-3">
          {items.map((item) => (
            <li key={item.post.id} data-testid="queue-item">
              <Card className="p-4">
                <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                  {item.reasons.map((reason) => (
                    <Badge key={reason} tone={reason === 'self_harm' ? 'red' : 'amber'}>
                      {reason}
                    </Badge>
                  ))}
                  <Badge tone={item.post.status === 'visible' ? 'neutral' : 'violet'}>
                    {item.post.status}
                  </Badge>
                  <span>
                    {item.flags.length} flag{item.flags.length === 1 ? '' : 's'} · first{' '}
                    {relativeTime(item.firstFlaggedAt)} · last {relativeTime(item.lastFlaggedAt)}
                  </span>
                </div>
                <p className="mt-2 text-sm text-zinc-800 dark:text-zinc-200">“{item.post.excerpt}”</p>
                <div className="mt-2 text-xs text-zinc-500">
                  by <span className="font-medium text-zinc-700 dark:text-zinc-300">{item.author.email}</span>{' '}
                  ({item.author.status}) · history: {item.history.hidden} hidden, {item.history.removed}{' '}
                  removed, {item.history.upheldFlags} upheld flags
                </div>
                <ul className="mt-2 space-y-0.5 text-xs text-zinc-500">
                  {item.flags.map((flag) => (
                    <li key={`${flag.reporter}-${flag.at}`}>
                      {flag.reporter} · {flag.reason}
                      {flag.note ? ` · “${flag.note}”` : ''}
                    </li>
                  ))}
                </ul>
                <div className="mt-3 flex flex-wrap gap-2">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      view.mutate(item.post.id, {
                        onSuccess: (post) => setReading({ id: post.id, body: post.body }),
                        onError: (error) => toast.error(error.message),
                      })
                    }
                  >
                    Read post
                  </Button>
                  <Button size="sm" onClick={() => run(item, 'dismiss')}>
                    Dismiss
                  </Button>
                  {item.post.status === 'visible' && (
                    <Button size="sm" onClick={() => run(item, 'hide')}>
                      Hide
                    </Button>
                  )}
                  {item.post.status === 'hidden' && (
                    <Button size="sm" onClick={() => run(item, 'restore')}>
                      Restore
                    </Button>
                  )}
                  {item.post.status !== 'removed' && (
                    <Button size="sm" variant="danger" onClick={() => setAsking({ item, kind: 'remove' })}>
                      Remove…
                    </Button>
                  )}
                  {can(me, 'manage_users') && item.author.status === 'active' && (
                    <Button size="sm" variant="danger" onClick={() => setAsking({ item, kind: 'suspend' })}>
                      Suspend author…
                    </Button>
                  )}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {queue.hasNextPage && (
        <Button className="mt-3" size="sm" onClick={() => void queue.fetchNextPage()}>
          Load more
        </Button>
      )}
      <Dialog
        open={reading !== null}
        onOpenChange={(open) => !open && setReading(null)}
        title="Flagged post"
        description="Opening this post was recorded in the audit log."
      >
        <p
          className="mt-3 text-sm whitespace-pre-wrap text-zinc-800 dark:text-zinc-200"
          data-testid="post-text"
        >
          {reading?.body}
        </p>
      </Dialog>
      <Dialog
        open={asking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setAsking(null);
            setReason('');
          }
        }}
        title={asking?.kind === 'suspend' ? 'Suspend the author' : 'Remove the post'}
        description={
          asking?.kind === 'suspend'
            ? `${asking.item.author.email} is signed out everywhere and cannot sign in until enabled.`
            : 'The post is removed for good; its flags are marked actioned.'
        }
      >
        <form
          className="mt-3 flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!asking) return;
            if (asking.kind === 'remove') run(asking.item, 'remove', reason);
            else
              suspend.mutate(
                { postId: asking.item.post.id, reason },
                {
                  onSuccess: (answer) => toast.success(`Suspended ${answer.user.email}`),
                  onError: (error) => toast.error(error.message),
                },
              );
            setAsking(null);
            setReason('');
          }}
        >
          <Field label="Reason (required)" htmlFor="moderation-reason">
            <Input
              id="moderation-reason"
              required
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setAsking(null)}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={!reason.trim()}>
              {asking?.kind === 'suspend' ? 'Suspend' : 'Remove'}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
