import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Send } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import type { Draft, StragglersPreview } from '../../../../contracts/stragglers.ts';
import { Badge, type Tone as BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { Field, Input, inputClass } from '../../../components/ui/input.tsx';
import { checkboxClass, Select } from '../../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { ApiError, newIdempotencyKey } from '../../../lib/api.ts';
import { relativeTime } from '../../../lib/time.ts';
import { actionsApi, type SendResult, TONES, type Tone } from '../actions.api.ts';
import { ActionCard, errorText, InlineError } from './action-card.tsx';

const draftsKey = ['stragglers', 'drafts'] as const;
type Channels = StragglersPreview['channels'];
type Straggler = StragglersPreview['stragglers'][number];

const STATUS_TONE: Record<Draft['status'], BadgeTone> = {
  draft: 'neutral',
  approved: 'blue',
  sending: 'amber',
  sent: 'green',
  failed: 'red',
  unconfirmed: 'amber',
  discarded: 'neutral',
};

const rowKey = (row: Straggler) => `${row.userId}:${row.course.id}`;

/** Why a channel cannot be used right now, or null when it can. */
function channelBlock(channel: Draft['channel'] | null, channels: Channels | undefined): string | null {
  if (!channel) return 'No way to reach this student (no Discord link, no email channel)';
  if (!channels) return null;
  const config = channels[channel];
  return config.configured ? null : (config.reason ?? `${channel} is not configured`);
}

export function StragglersCard({ allowed }: { allowed: boolean }) {
  return (
    <ActionCard
      testId="action-catch-stragglers"
      className="lg:col-span-2"
      title="Catch Stragglers"
      icon={<Send className="size-4 text-sky-500" aria-hidden />}
      description="Finds students idle in a course, drafts a message in a tone you pick; nothing is sent until each draft is approved."
      permission="send_messages"
      allowed={allowed}
    >
      <StragglersBody />
    </ActionCard>
  );
}

function StragglersBody() {
  const client = useQueryClient();
  const [idleDays, setIdleDays] = useState('7');
  const [preview, setPreview] = useState<StragglersPreview>();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [tone, setTone] = useState<Tone | 'suggested'>('suggested');
  const [busy, setBusy] = useState<'preview' | 'create' | 'send'>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<SendResult>();
  const drafts = useQuery({ queryKey: draftsKey, queryFn: ({ signal }) => actionsApi.drafts(signal) });
  const refreshDrafts = () => client.invalidateQueries({ queryKey: draftsKey });

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('preview');
    setError(undefined);
    try {
      const answer = await actionsApi.stragglers(Number(idleDays) || 7);
      setPreview(answer);
      setPicked(new Set());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  const create = async () => {
    if (!preview) return;
    const rows = preview.stragglers.filter((row) => picked.has(rowKey(row)));
    setBusy('create');
    setError(undefined);
    try {
      const answer = await actionsApi.createDrafts(
        rows.map((row) => ({
          userId: row.userId,
          courseId: row.course.id,
          tone: tone === 'suggested' ? row.suggestedTone : tone,
        })),
        newIdempotencyKey(),
      );
      toast.success(`${answer.drafts.length} draft${answer.drafts.length === 1 ? '' : 's'} created`);
      setPicked(new Set());
      await refreshDrafts();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  const approved = (drafts.data ?? []).filter((draft) => draft.status === 'approved');
  const sendable = approved.filter((draft) => !channelBlock(draft.channel, preview?.channels));
  const sendBlock =
    approved.length === 0
      ? 'Approve a draft first'
      : sendable.length === 0
        ? (channelBlock(approved[0]!.channel, preview?.channels) ?? undefined)
        : undefined;

  const send = async () => {
    setBusy('send');
    setError(undefined);
    try {
      const answer = await actionsApi.send(sendable.map((draft) => draft.id));
      setSent(answer);
      const ok = answer.results.filter((each) => each.ok).length;
      const failed = answer.results.length - ok;
      if (failed === 0) toast.success(`Sent ${ok} message${ok === 1 ? '' : 's'}`);
      else toast.warning(`Sent ${ok}, ${failed} failed`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
      await refreshDrafts();
    }
  };

  const channels = preview?.channels;
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={find} className="flex items-end gap-2">
        <Field label="Idle for at least (days)" htmlFor="idle-days">
          <Input
            id="idle-days"
            type="number"
            min={1}
            max={365}
            value={idleDays}
            onChange={(event) => setIdleDays(event.target.value)}
            className="w-28"
          />
        </Field>
        <Button type="submit" disabled={busy === 'preview'}>
          {busy === 'preview' ? 'Looking…' : 'Find stragglers'}
        </Button>
      </form>
      {channels && (!channels.discord.configured || !channels.email.configured) && (
        <ul
          className="flex flex-col gap-1 text-xs text-amber-800 dark:text-amber-300"
          data-testid="channel-reasons"
        >
          {(['discord', 'email'] as const)
            .filter((name) => !channels[name].configured)
            .map((name) => (
              <li key={name} className="flex items-center gap-1.5">
                <AlertTriangle className="size-3.5 shrink-0" aria-hidden />
                {name === 'discord' ? 'Discord' : 'Email'} is not configured:{' '}
                {channels[name].reason ?? 'no reason given'}
              </li>
            ))}
        </ul>
      )}
      <InlineError error={error} />
      {preview &&
        (preview.stragglers.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No student has been idle for {preview.idleDays} days or more.
          </p>
        ) : (
          <div className="flex flex-col gap-2">
            <div className="overflow-x-auto rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
              <table className="w-full text-left text-xs" data-testid="stragglers-table">
                <thead className="bg-zinc-50 text-[11px] text-zinc-500 uppercase dark:bg-zinc-900">
                  <tr>
                    <th scope="col" className="w-8 px-3 py-1.5">
                      <span className="sr-only">Pick</span>
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Student
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Course
                    </th>
                    <th scope="col" className="px-3 py-1.5 text-right font-medium">
                      Idle days
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Channel
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Suggested tone
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {preview.stragglers.map((row) => {
                    const block = channelBlock(row.channel, channels);
                    const key = rowKey(row);
                    return (
                      <tr key={key} data-testid="straggler-row" className={cn(block && 'text-zinc-400')}>
                        <td className="px-3 py-1.5">
                          <input
                            type="checkbox"
                            className={checkboxClass}
                            aria-label={`Pick ${row.email}`}
                            disabled={Boolean(block)}
                            title={block ?? undefined}
                            checked={picked.has(key)}
                            onChange={(event) => {
                              const next = new Set(picked);
                              if (event.target.checked) next.add(key);
                              else next.delete(key);
                              setPicked(next);
                            }}
                          />
                        </td>
                        <td className="px-3 py-1.5">
                          <div className="font-medium text-zinc-800 dark:text-zinc-200">{row.name}</div>
                          <div className="text-[11px] text-zinc-500">{row.email}</div>
                        </td>
                        <td className="px-3 py-1.5">{row.course.title}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{row.idleDays}</td>
                        <td className="px-3 py-1.5" title={block ?? undefined}>
                          {row.channel ? (
                            <Badge tone={block ? 'amber' : 'blue'}>{row.channel}</Badge>
                          ) : (
                            <Badge tone="red">unreachable</Badge>
                          )}
                        </td>
                        <td className="px-3 py-1.5">{row.suggestedTone.replace('_', '-')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="flex items-end gap-2">
              <Field label="Tone" htmlFor="draft-tone">
                <Select
                  id="draft-tone"
                  value={tone}
                  onChange={(event) => setTone(event.target.value as Tone | 'suggested')}
                >
                  <option value="suggested">Suggested per student</option>
                  {TONES.map((each) => (
                    <option key={each} value={each}>
                      {each.replace('_', '-')}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button
                variant="primary"
                onClick={() => void create()}
                disabled={picked.size === 0 || busy === 'create'}
                title={picked.size === 0 ? 'Pick at least one student' : undefined}
              >
                {busy === 'create' ? 'Creating…' : `Create drafts (${picked.size})`}
              </Button>
            </div>
          </div>
        ))}

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
              onClick={() => void send()}
              disabled={Boolean(sendBlock) || busy === 'send'}
            >
              <Send className="size-3.5" aria-hidden />
              {busy === 'send' ? 'Sending…' : `Send approved (${sendable.length})`}
            </Button>
          </span>
        </div>
        {sendBlock && approved.length > 0 && (
          <p className="text-xs text-amber-700 dark:text-amber-400">{sendBlock}</p>
        )}
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
        {drafts.data ? (
          drafts.data.filter((draft) => draft.status !== 'discarded').length === 0 ? (
            <EmptyState title="No drafts">
              Find stragglers, pick some, and create drafts to review here.
            </EmptyState>
          ) : (
            <ul className="flex flex-col gap-2">
              {drafts.data
                .filter((draft) => draft.status !== 'discarded')
                .map((draft) => (
                  <DraftItem key={draft.id} draft={draft} channels={channels} onChanged={refreshDrafts} />
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
    </div>
  );
}

function DraftItem({
  draft,
  channels,
  onChanged,
}: {
  draft: Draft;
  channels: Channels | undefined;
  onChanged: () => Promise<unknown>;
}) {
  const [text, setText] = useState(draft.body);
  const [busy, setBusy] = useState(false);
  const editable = draft.status === 'draft';
  const dirty = text.trim() !== draft.body;
  const block = channelBlock(draft.channel, channels);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      toast.success(done);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409)
        toast.warning('This draft changed meanwhile; reloaded it');
      else toast.error(errorText(error));
    } finally {
      setBusy(false);
      await onChanged();
    }
  };

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
            onClick={() =>
              void act(() => actionsApi.editDraft(draft, text.trim(), newIdempotencyKey()), 'Draft saved')
            }
          >
            Save text
          </Button>
          <Button
            size="sm"
            variant="primary"
            disabled={busy || dirty}
            title={dirty ? 'Save the text first' : undefined}
            onClick={() =>
              void act(() => actionsApi.draftAction(draft, 'approve', newIdempotencyKey()), 'Draft approved')
            }
          >
            Approve
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            onClick={() =>
              void act(() => actionsApi.draftAction(draft, 'discard', newIdempotencyKey()), 'Draft discarded')
            }
          >
            Discard
          </Button>
        </div>
      )}
      {draft.status === 'approved' && (
        <div className="mt-2 flex gap-2">
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            onClick={() =>
              void act(() => actionsApi.draftAction(draft, 'discard', newIdempotencyKey()), 'Draft discarded')
            }
          >
            Discard
          </Button>
        </div>
      )}
    </li>
  );
}
