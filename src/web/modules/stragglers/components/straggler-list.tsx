import { AlertTriangle } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import type { StragglersPreview } from '../../../../contracts/stragglers.ts';
import { InlineError } from '../../../components/action-card.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { TONES, type Tone, useCreateDrafts, useFindStragglers } from '../stragglers.api.ts';
import { StragglerTable, stragglerKey } from './straggler-table.tsx';

/** Find who is idle, pick students, and create a draft for each in the chosen tone. */
export function StragglerList({
  preview,
  onPreview,
}: {
  preview: StragglersPreview | undefined;
  onPreview: (preview: StragglersPreview) => void;
}) {
  const [idleDays, setIdleDays] = useState('7');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [tone, setTone] = useState<Tone | 'suggested'>('suggested');
  const find = useFindStragglers();
  const create = useCreateDrafts();

  const search = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    find.mutate(Number(idleDays) || 7, {
      onSuccess: (answer) => {
        onPreview(answer);
        setPicked(new Set());
      },
    });
  };

  const draft = () => {
    if (!preview) return;
    const rows = preview.stragglers.filter((row) => picked.has(stragglerKey(row)));
    find.reset();
    create.mutate(
      rows.map((row) => ({
        userId: row.userId,
        courseId: row.course.id,
        tone: tone === 'suggested' ? row.suggestedTone : tone,
      })),
      {
        onSuccess: (answer) => {
          toast.success(`${answer.drafts.length} draft${answer.drafts.length === 1 ? '' : 's'} created`);
          setPicked(new Set());
        },
      },
    );
  };

  const channels = preview?.channels;
  return (
    <>
      <form onSubmit={search} className="flex items-end gap-2">
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
        <Button type="submit" disabled={find.isPending}>
          {find.isPending ? 'Looking…' : 'Find stragglers'}
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
      <InlineError error={find.error ?? create.error} />
      {preview &&
        (preview.stragglers.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No student has been idle for {preview.idleDays} days or more.
          </p>
        ) : (
          <div className="flex flex-col gap-2">
            <StragglerTable
              rows={preview.stragglers}
              channels={channels}
              picked={picked}
              onPickedChange={setPicked}
            />
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
                onClick={draft}
                disabled={picked.size === 0 || create.isPending}
                title={picked.size === 0 ? 'Pick at least one student' : undefined}
              >
                {create.isPending ? 'Creating…' : `Create drafts (${picked.size})`}
              </Button>
            </div>
          </div>
        ))}
    </>
  );
}
