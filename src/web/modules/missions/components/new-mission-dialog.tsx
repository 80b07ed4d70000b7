import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, FieldError, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { fieldErrors, newIdempotencyKey } from '../../../lib/api.ts';
import { createMission, type MissionPriority, PRIORITIES } from '../missions.api.ts';

export function NewMissionDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (id: string) => void;
}) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<MissionPriority>('medium');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // One key per open dialog: a double submit creates one card.
  const [key, setKey] = useState(newIdempotencyKey);

  const reset = (next: boolean) => {
    if (!next) {
      setTitle('');
      setPriority('medium');
      setErrors({});
      setKey(newIdempotencyKey());
    }
    onOpenChange(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const mission = await createMission({ title, priority }, key);
      toast.success(`Mission created: ${mission.title}`);
      onCreated(mission.id);
      reset(false);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (!Object.keys(fields).length) toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={reset} title="New mission" description="It starts in Detected.">
      <form onSubmit={submit} className="flex flex-col gap-3">
        <Field
          label="Title"
          htmlFor="mission-title"
          hint={errors.title && <FieldError text={errors.title} />}
        >
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
          <Button type="submit" variant="primary" disabled={busy || !title.trim()}>
            {busy ? 'Creating…' : 'Create mission'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
