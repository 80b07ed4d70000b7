import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { fieldErrors, newIdempotencyKey } from '../../../lib/api.ts';
import { type KINDS, useGenerate, useLocations } from '../stones.api.ts';

/** Generate QR: how many, what kind, optionally where. One key per open dialog: a double submit makes one batch. */
export function GenerateDialog({
  open,
  onOpenChange,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (batchId: string) => void;
}) {
  const [count, setCount] = useState('100');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('stone');
  const [locationId, setLocationId] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const locations = useLocations();
  const generate = useGenerate();
  const errors = fieldErrors(generate.error);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          setKey(newIdempotencyKey());
          generate.reset();
        }
        onOpenChange(next);
      }}
      title="Generate QR codes"
      description="Makes a batch of new stones, each with its own unguessable code, ready to print."
    >
      <form
        className="mt-4 flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          generate.mutate(
            {
              body: { count: Number(count), kind, locationId: locationId || null },
              idempotencyKey: key,
            },
            {
              onSuccess: (batch) => {
                setKey(newIdempotencyKey());
                onDone(batch.id);
              },
            },
          );
        }}
      >
        <Field label="How many (1–1,000)" htmlFor="generate-count" error={errors.count}>
          <Input
            id="generate-count"
            type="number"
            min={1}
            max={1000}
            required
            value={count}
            onChange={(event) => setCount(event.target.value)}
          />
        </Field>
        <Field label="Kind" htmlFor="generate-kind">
          <Select
            id="generate-kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as (typeof KINDS)[number])}
          >
            <option value="stone">Stone</option>
            <option value="pebble">Pebble</option>
          </Select>
        </Field>
        <Field label="Premapped location (optional)" htmlFor="generate-location" error={errors.locationId}>
          <Select
            id="generate-location"
            value={locationId}
            onChange={(event) => setLocationId(event.target.value)}
          >
            <option value="">None</option>
            {(locations.data ?? []).map((location) => (
              <option key={location.id} value={location.id}>
                {location.name}
              </option>
            ))}
          </Select>
        </Field>
        {generate.error && !Object.keys(errors).length && (
          <p role="alert" className="text-sm text-red-600">
            {generate.error.message}
          </p>
        )}
        <div className="mt-2 flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={generate.isPending}>
            {generate.isPending ? 'Generating…' : 'Generate'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
