import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { fieldErrors, newIdempotencyKey } from '../../../lib/api.ts';
import { type MissionPriority, PRIORITIES, useCreateMission } from '../missions.api.ts';

export function NewMissionDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<MissionPriority>('medium');
  const create = useCreateMission();
  // One key per open dialog: a double submit creates one card.
  const [key, setKey] = useState(newIdempotencyKey);
  const errors = fieldErrors(create.error);

  const reset = (next: boolean) => {
    if (!next) {
      setTitle('');
      setPriority('medium');
      create.reset();
      setKey(newIdempotencyKey());
    }
    onOpenChange(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { body: { title, priority }, idempotencyKey: key },
      {
        onSuccess: (mission) => {
          toast.success(`Mission created: ${mission.title}`);
          reset(false);
        },
        onError: (error) => {
          if (!Object.keys(fieldErrors(error)).length) toast.error(error.message);
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={reset} title="New mission" description="It starts in Detected.">
      <form onSubmit={submit} className="flex flex-col gap-3">
        <Field label="Title" htmlFor="mission-title" error={errors.title}>
          <Input
            id="mission-title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={200}
            required
            autoFocus
          />
        </Field>
        <Field label="Priority" htmlFor="mission-priority">
          <Select
            id="mission-priority"
            value={priority}
            onChange={(event) => setPriority(event.target.value as MissionPriority)}
          >
            {PRIORITIES.map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </Select>
        </Field>
        <div className="mt-2 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => reset(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={create.isPending || !title.trim()}>
            {create.isPending ? 'Creating…' : 'Create mission'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
