import { useState } from 'react';
import { toast } from 'sonner';
import type { Draft } from '../../../../contracts/stragglers.ts';
import { errorText } from '../../../components/action-card.tsx';
import { Badge, type Tone as BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { inputClass } from '../../../components/ui/input.tsx';
import { ApiError } from '../../../lib/api.ts';
import { relativeTime } from '../../../lib/time.ts';
import { type Channels, channelBlock, type DraftStep, useDraftStep } from '../stragglers.api.ts';

const STATUS_TONE: Record<Draft['status'], BadgeTone> = {
  draft: 'neutral',
  approved: 'blue',
  sending: 'amber',
  sent: 'green',
  failed: 'red',
  unconfirmed: 'amber',
  discarded: 'neutral',
};

/** One draft: its text is editable until approved; approved drafts can still be discarded. */
export function DraftEditor({ draft, channels }: { draft: Draft; channels: Channels | undefined }) {
  const [text, setText] = useState(draft.body);
  const step = useDraftStep();
  const busy = step.isPending;
  const editable = draft.status === 'draft';
  const dirty = text.trim() !== draft.body;
  const block = channelBlock(draft.channel, channels);

  const run = (next: DraftStep, done: string) =>
    step.mutate(
      { draft, step: next },
      {
        onSuccess: () => toast.success(done),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 409)
            toast.warning('This draft changed meanwhile; reloaded it');
          else toast.error(errorText(error));
        },
      },
    );
  const discard = (
    <Button
      size="sm"
      variant="ghost"
      disabled={busy}
      onClick={() => run({ kind: 'discard' }, 'Draft discarded')}
    >
      Discard
    </Button>
  );

  return (
    <li
      data-testid="draft"
      data-draft-id={draft.id}
      data-status={draft.status}
      className="rounded-md p-3 ring-1 ring-zinc-200 dark:ring-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={STATUS_TONE[draft.status]}>{draft.status}</Badge>
        <span className="font-medium text-zinc-800 dark:text-zinc-200">
          {draft.user.name || draft.user.email}
        </span>
        <span className="text-zinc-500">{draft.user.email}</span>
        {draft.course && <span className="text-zinc-500">· {draft.course.title}</span>}
        <span className="ml-auto flex items-center gap-2 text-zinc-500">
          <Badge tone={block ? 'amber' : 'blue'}>{draft.channel}</Badge>
          {draft.tone.replace('_', '-')} · {relativeTime(draft.sentAt ?? draft.createdAt)}
        </span>
      </div>
      {editable ? (
        <textarea
          aria-label={`Message to ${draft.user.email}`}
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={3}
          maxLength={2000}
          className={cn(inputClass, 'mt-2 h-auto py-2 leading-relaxed')}
        />
      ) : (
        <p className="mt-2 text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{draft.body}</p>
      )}
      {draft.error && (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
          {draft.error}
        </p>
      )}
      {block && editable && <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">{block}</p>}
      {editable && (
        <div className="mt-2 flex gap-2">
          <Button
            size="sm"
            disabled={busy || !dirty || !text.trim()}
            onClick={() => run({ kind: 'edit', body: text.trim() }, 'Draft saved')}
          >
            Save text
          </Button>
          <Button
            size="sm"
            variant="primary"
            disabled={busy || dirty}
            title={dirty ? 'Save the text first' : undefined}
            onClick={() => run({ kind: 'approve' }, 'Draft approved')}
          >
            Approve
          </Button>
          {discard}
        </div>
      )}
      {draft.status === 'approved' && <div className="mt-2 flex gap-2">{discard}</div>}
    </li>
  );
}
