import { Filter, X } from 'lucide-react';
import type { FormEvent } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { fromLocalInput, toLocalInput } from '../../../lib/time.ts';
import { type AuditFilters, hasFilters } from '../audit.api.ts';

const TEXT_FIELDS = [
  { key: 'type', label: 'Type', placeholder: 'staff. or user.suspended' },
  { key: 'actor', label: 'Actor', placeholder: 'email or user id' },
  { key: 'subjectType', label: 'Subject type', placeholder: 'user' },
  { key: 'subjectId', label: 'Subject id', placeholder: 'id' },
] as const;

/** Filters apply on submit and live in the URL, so a filtered view can be shared or reloaded. */
export function AuditFiltersForm({
  filters,
  onApply,
}: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim() || undefined;
    onApply({
      type: text('type'),
      actor: text('actor'),
      subjectType: text('subjectType'),
      subjectId: text('subjectId'),
      from: fromLocalInput(String(form.get('from') ?? '')),
      to: fromLocalInput(String(form.get('to') ?? '')),
    });
  }

  return (
    <form
      // Remount when the URL changes so the inputs show what is applied.
      key={JSON.stringify(filters)}
      onSubmit={submit}
      aria-label="Filter events"
      className="grid grid-cols-2 items-end gap-3 border-b border-zinc-100 p-4 md:grid-cols-3 2xl:grid-cols-6 dark:border-zinc-800"
    >
      {TEXT_FIELDS.map((field) => (
        <Field key={field.key} label={field.label} htmlFor={`filter-${field.key}`}>
          <Input
            id={`filter-${field.key}`}
            name={field.key}
            defaultValue={filters[field.key] ?? ''}
            placeholder={field.placeholder}
            className="h-8 text-xs"
          />
        </Field>
      ))}
      <Field label="From" htmlFor="filter-from">
        <Input
          id="filter-from"
          name="from"
          type="datetime-local"
          defaultValue={toLocalInput(filters.from)}
          className="h-8 text-xs"
        />
      </Field>
      <Field label="To" htmlFor="filter-to">
        <Input
          id="filter-to"
          name="to"
          type="datetime-local"
          defaultValue={toLocalInput(filters.to)}
          className="h-8 text-xs"
        />
      </Field>
      <div className="col-span-full flex justify-end gap-2">
        <Button type="submit" size="sm" variant="primary" className="h-8">
          <Filter className="size-3.5" aria-hidden /> Apply
        </Button>
        {hasFilters(filters) && (
          <Button size="sm" variant="ghost" className="h-8" onClick={() => onApply({})}>
            <X className="size-3.5" aria-hidden /> Clear
          </Button>
        )}
      </div>
    </form>
  );
}
