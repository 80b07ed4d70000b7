import { SlidersHorizontal } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import type { SettingsValues } from '../../../../contracts/system.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { Input } from '../../../components/ui/input.tsx';
import { ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { fieldErrors } from '../../../lib/api.ts';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { useSaveSettings, useSettings } from '../system.api.ts';

export type NumberField<K extends string> = {
  key: K;
  label: string;
  unit: string;
  hint: string;
  decimal?: boolean;
};

/** The numeric settings this card edits (ADMIN_ENHANCED has its own card, which stays when it is off). */
type NumericSettings = Omit<SettingsValues, 'adminEnhanced'>;

const SETTINGS_FIELDS: Array<NumberField<keyof NumericSettings>> = [
  {
    key: 'loginEventRetentionDays',
    label: 'Login-event retention',
    unit: 'days',
    hint: 'Raw sign-in attempts older than this are rolled into daily counts, then deleted.',
  },
  {
    key: 'analyticsRetentionDays',
    label: 'Analytics retention',
    unit: 'days',
    hint: 'How long raw analytics events are kept.',
  },
  {
    key: 'lowStockThreshold',
    label: 'Low-stock threshold',
    unit: 'units',
    hint: 'Products at or below this count are flagged.',
  },
];

/** System → Settings: read for every System viewer, editable with manage_settings. */
export function SystemSettingsCard({ editable }: { editable: boolean }) {
  const settings = useSettings();
  const save = useSaveSettings();
  const values: NumericSettings | undefined = settings.data?.settings;
  return (
    <NumberSettingsCard
      title="Settings"
      testId="system-settings"
      fields={SETTINGS_FIELDS}
      values={values}
      query={settings}
      save={save}
      editable={editable}
    />
  );
}

type Query = { isError: boolean; error: unknown; refetch: () => unknown };
type Save<V> = {
  isPending: boolean;
  error: Error | null;
  reset: () => void;
  mutate: (patch: Partial<V>, handlers: { onSuccess: () => void }) => void;
};

/** A card of numeric settings: shows them to everyone, lets `editable` viewers change and save them. */
export function NumberSettingsCard<V extends Record<string, number>>({
  title,
  testId,
  fields,
  values,
  query,
  save,
  editable,
}: {
  title: string;
  testId: string;
  fields: Array<NumberField<Extract<keyof V, string>>>;
  values: V | undefined;
  query: Query;
  save: Save<V>;
  editable: boolean;
}) {
  // What the form refused itself; otherwise what the server said (a cancelled step-up says nothing).
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const failed = save.error instanceof StepUpCancelled ? null : save.error;
  const byField = fieldErrors(failed);
  const errors = Object.keys(invalid).length ? invalid : byField;
  const formError = failed && Object.keys(errors).length === 0 ? failed.message : null;
  const current = values;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current) return;
    const form = new FormData(event.currentTarget);
    const patch: Partial<V> = {};
    const local: Record<string, string> = {};
    for (const field of fields) {
      const text = String(form.get(field.key) ?? '').trim();
      const value = Number(text);
      if (!text || Number.isNaN(value)) local[field.key] = 'must be a number';
      else if (!field.decimal && !Number.isInteger(value)) local[field.key] = 'must be a whole number';
      else if (value !== current[field.key]) (patch as Record<string, number>)[field.key] = value;
    }
    setInvalid(local);
    save.reset();
    if (Object.keys(local).length > 0) return;
    if (Object.keys(patch).length === 0) {
      toast.info('Nothing changed');
      return;
    }
    save.mutate(patch, { onSuccess: () => toast.success(`${title} saved`) });
  }

  return (
    <Card>
      <CardHeader title={title} icon={<SlidersHorizontal className="size-4 text-zinc-400" aria-hidden />} />
      {current ? (
        <form
          key={JSON.stringify(current)}
          onSubmit={submit}
          aria-label={title}
          data-testid={testId}
          className="divide-y divide-zinc-100 dark:divide-zinc-800"
        >
          {fields.map((field) => (
            <div key={field.key} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <label htmlFor={`setting-${field.key}`} className="text-sm text-zinc-800 dark:text-zinc-200">
                  {field.label}
                </label>
                <p className="text-xs text-zinc-500">{field.hint}</p>
                {errors[field.key] && (
                  <p
                    id={`setting-${field.key}-error`}
                    className="mt-1 text-xs text-red-600 dark:text-red-400"
                  >
                    {errors[field.key]}
                  </p>
                )}
              </div>
              <div className="flex w-48 items-center gap-2">
                <Input
                  id={`setting-${field.key}`}
                  name={field.key}
                  type="number"
                  step={field.decimal ? 'any' : 1}
                  inputMode={field.decimal ? 'decimal' : 'numeric'}
                  defaultValue={current[field.key]}
                  readOnly={!editable}
                  aria-invalid={errors[field.key] ? true : undefined}
                  aria-describedby={errors[field.key] ? `setting-${field.key}-error` : undefined}
                  className="h-8 text-right tabular-nums read-only:bg-zinc-50 dark:read-only:bg-zinc-900"
                />
                <span className="w-16 text-xs text-zinc-500">{field.unit}</span>
              </div>
            </div>
          ))}
          <div className="flex items-center justify-between gap-2 px-4 py-3">
            <p className="text-xs text-red-600 dark:text-red-400" role={formError ? 'alert' : undefined}>
              {formError ?? (editable ? '' : 'Read only: changing settings needs manage_settings.')}
            </p>
            {editable && (
              <Button type="submit" size="sm" variant="primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save'}
              </Button>
            )}
          </div>
        </form>
      ) : query.isError ? (
        <ErrorState
          error={query.error}
          onRetry={() => void query.refetch()}
          title={`Could not load ${title.toLowerCase()}`}
        />
      ) : (
        <SkeletonRows rows={3} label={`Loading ${title.toLowerCase()}`} />
      )}
    </Card>
  );
}
