import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import type { User360 } from '../../../../../contracts/users.ts';
import { Button } from '../../../../components/ui/button.tsx';
import { actionErrorMessage } from '../../user-actions.ts';
import { useAddNote } from '../../users.api.ts';
import { Empty, Section, Time } from './section.tsx';

/** Staff notes on the member, newest first; `canAdd` (manage_users) shows the form. */
export function NotesSection({
  userId,
  notes,
  now,
  canAdd,
}: {
  userId: string;
  notes: User360['notes'];
  now: number;
  canAdd: boolean;
}) {
  return (
    <Section title={`Notes (${notes.length})`}>
      {notes.length === 0 ? (
        <Empty>No notes yet.</Empty>
      ) : (
        <ul className="space-y-2 px-5" data-testid="user-360-notes">
          {notes.map((note) => (
            <li key={note.id} className="rounded-md bg-zinc-50 p-2 text-sm dark:bg-zinc-900">
              <p className="whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{note.body}</p>
              <p className="mt-1 text-[11px] text-zinc-400">
                {note.authorEmail ?? 'system'} · <Time iso={note.createdAt} now={now} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {canAdd && <NoteForm userId={userId} />}
    </Section>
  );
}

function NoteForm({ userId }: { userId: string }) {
  const add = useAddNote();
  const [empty, setEmpty] = useState(false);
  const error = empty ? 'Write something first.' : add.error ? actionErrorMessage(add.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '').trim();
    setEmpty(!body);
    if (!body) return;
    add.mutate(
      { userId, body },
      {
        onSuccess: () => {
          form.reset();
          toast.success('Note added');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="mt-2 space-y-2 px-5" aria-label="Add a note">
      <label htmlFor="note-body" className="sr-only">
        New note
      </label>
      <textarea
        id="note-body"
        name="body"
        maxLength={5000}
        placeholder="Add a note for other staff…"
        className="min-h-16 w-full rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      />
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" size="sm" variant="primary" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Add note'}
        </Button>
      </div>
    </form>
  );
}
