import { Filter, Search, X } from 'lucide-react';
import type { FormEvent } from 'react';
import { AUTH_PROVIDERS, USER_ROLES, USER_STATUSES } from '../../../../contracts/users.values.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { Enhanced } from '../../../lib/enhanced.tsx';
import { hasFilters, type UsersFilters } from '../users.api.ts';

export const PROVIDER_LABEL: Record<(typeof AUTH_PROVIDERS)[number], string> = {
  password: 'Password',
  google: 'Google',
  both: 'Both',
};

/** A date input's value (local day) for an ISO time. */
function toDay(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The start (or the end) of a local day, as ISO. */
function fromDay(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function flag(value: FormDataEntryValue | null): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

const small = 'h-8 text-xs';

/** Text applies on Enter; the selects apply as they change. Everything lands in the URL. */
export function UsersFiltersForm({
  filters,
  onApply,
}: {
  filters: UsersFilters;
  onApply: (filters: UsersFilters) => void;
}) {
  function read(form: HTMLFormElement): UsersFilters {
    const data = new FormData(form);
    const text = (key: string) => String(data.get(key) ?? '').trim() || undefined;
    return {
      query: text('query'),
      provider: text('provider') as UsersFilters['provider'],
      role: text('role') as UsersFilters['role'],
      status: text('status') as UsersFilters['status'],
      mfa: flag(data.get('mfa')),
      verified: flag(data.get('verified')),
      team: text('team') as UsersFilters['team'],
      onboarding: text('onboarding') as UsersFilters['onboarding'],
      joinedFrom: fromDay(String(data.get('joinedFrom') ?? ''), false),
      joinedTo: fromDay(String(data.get('joinedTo') ?? ''), true),
      lastLoginFrom: fromDay(String(data.get('lastLoginFrom') ?? ''), false),
      lastLoginTo: fromDay(String(data.get('lastLoginTo') ?? ''), true),
      sort: filters.sort,
    };
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(read(event.currentTarget));
  }
  const applyNow = (event: FormEvent<HTMLSelectElement>) => {
    const form = event.currentTarget.form;
    if (form) onApply(read(form));
  };

  return (
    <form
      key={JSON.stringify(filters)}
      onSubmit={submit}
      aria-label="Filter members"
      className="grid grid-cols-2 items-end gap-3 border-b border-zinc-100 p-4 md:grid-cols-4 xl:grid-cols-6 dark:border-zinc-800"
    >
      <Field label="Search" htmlFor="users-query" className="col-span-2">
        <div className="relative">
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400"
            aria-hidden
          />
          <Input
            id="users-query"
            name="query"
            type="search"
            defaultValue={filters.query ?? ''}
            placeholder="Email or name, then Enter"
            className={`${small} pl-8`}
          />
        </div>
      </Field>
      <Enhanced>
        <Field label="Provider" htmlFor="users-provider">
          <Select
            id="users-provider"
            name="provider"
            defaultValue={filters.provider ?? ''}
            onChange={applyNow}
            className={small}
          >
            <option value="">Any</option>
            {AUTH_PROVIDERS.map((value) => (
              <option key={value} value={value}>
                {PROVIDER_LABEL[value]}
              </option>
            ))}
          </Select>
        </Field>
      </Enhanced>
      <Field label="Role" htmlFor="users-role">
        <Select
          id="users-role"
          name="role"
          defaultValue={filters.role ?? ''}
          onChange={applyNow}
          className={small}
        >
          <option value="">Any</option>
          {USER_ROLES.map((value) => (
            <option key={value} value={value}>
              {value === 'user' ? 'member' : value.replace('_', ' ')}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Status" htmlFor="users-status">
        <Select
          id="users-status"
          name="status"
          defaultValue={filters.status ?? ''}
          onChange={applyNow}
          className={small}
        >
          <option value="">Any</option>
          {USER_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </Select>
      </Field>
      <Enhanced>
        <Field label="MFA" htmlFor="users-mfa">
          <Select
            id="users-mfa"
            name="mfa"
            defaultValue={filters.mfa === undefined ? '' : String(filters.mfa)}
            onChange={applyNow}
            className={small}
          >
            <option value="">Any</option>
            <option value="true">On</option>
            <option value="false">Off</option>
          </Select>
        </Field>
        <Field label="Verified" htmlFor="users-verified">
          <Select
            id="users-verified"
            name="verified"
            defaultValue={filters.verified === undefined ? '' : String(filters.verified)}
            onChange={applyNow}
            className={small}
          >
            <option value="">Any</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </Select>
        </Field>
      </Enhanced>
      <Field label="Teams" htmlFor="users-team">
        <Select
          id="users-team"
          name="team"
          defaultValue={filters.team ?? ''}
          onChange={applyNow}
          className={small}
        >
          <option value="">Any</option>
          <option value="none">No team</option>
          <option value="self_pair">Has a self-pair</option>
          <option value="group">In a group</option>
        </Select>
      </Field>
      <Field label="Onboarding" htmlFor="users-onboarding">
        <Select
          id="users-onboarding"
          name="onboarding"
          defaultValue={filters.onboarding ?? ''}
          onChange={applyNow}
          className={small}
        >
          <option value="">Any</option>
          <option value="self_pair">Self-pair</option>
          <option value="onboarded">Onboarded</option>
          <option value="registered">Registered only</option>
        </Select>
      </Field>
      <Enhanced>
        <Field label="Joined from" htmlFor="users-joinedFrom">
          <Input
            id="users-joinedFrom"
            name="joinedFrom"
            type="date"
            defaultValue={toDay(filters.joinedFrom)}
            className={small}
          />
        </Field>
        <Field label="Joined to" htmlFor="users-joinedTo">
          <Input
            id="users-joinedTo"
            name="joinedTo"
            type="date"
            defaultValue={toDay(filters.joinedTo)}
            className={small}
          />
        </Field>
        <Field label="Last login from" htmlFor="users-lastLoginFrom">
          <Input
            id="users-lastLoginFrom"
            name="lastLoginFrom"
            type="date"
            defaultValue={toDay(filters.lastLoginFrom)}
            className={small}
          />
        </Field>
        <Field label="Last login to" htmlFor="users-lastLoginTo">
          <Input
            id="users-lastLoginTo"
            name="lastLoginTo"
            type="date"
            defaultValue={toDay(filters.lastLoginTo)}
            className={small}
          />
        </Field>
      </Enhanced>
      <div className="col-span-2 flex items-end justify-end gap-2 md:col-span-4 xl:col-span-1">
        <Button type="submit" size="sm" variant="primary" className="h-8">
          <Filter className="size-3.5" aria-hidden /> Apply
        </Button>
        {hasFilters(filters) && (
          <Button size="sm" variant="ghost" className="h-8" onClick={() => onApply({ sort: filters.sort })}>
            <X className="size-3.5" aria-hidden /> Clear
          </Button>
        )}
      </div>
    </form>
  );
}
