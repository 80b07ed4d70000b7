import { Columns3 } from 'lucide-react';
import { useState } from 'react';
import { checkboxClass } from '../../../components/ui/select.tsx';

/** The Users columns a viewer may hide (Member and the row actions always stay). */
export const CHOOSABLE_COLUMNS: Array<{ id: string; label: string }> = [
  { id: 'email', label: 'Email' },
  { id: 'role', label: 'Role' },
  { id: 'provider', label: 'Provider' },
  { id: 'verified', label: 'Verified' },
  { id: 'mfa', label: 'MFA' },
  { id: 'lastLoginAt', label: 'Last login' },
  { id: 'lastIp', label: 'Last IP' },
  { id: 'lastUserAgent', label: 'Last browser' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'orders', label: 'Orders' },
  { id: 'ltv', label: 'LTV' },
  { id: 'joined', label: 'Joined' },
  { id: 'status', label: 'Status' },
];

const KEY = 'mc-users-hidden-columns';

/** The hidden columns, remembered in this browser. */
export function useHiddenColumns(): [string[], (next: string[]) => void] {
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? '[]');
      return Array.isArray(saved) ? saved.filter((id) => typeof id === 'string') : [];
    } catch {
      return [];
    }
  });
  const save = (next: string[]) => {
    setHidden(next);
    localStorage.setItem(KEY, JSON.stringify(next));
  };
  return [hidden, save];
}

/** "Columns": show or hide the Users table's columns (a disclosure with one checkbox each). */
export function UsersColumnChooser({
  hidden,
  onChange,
}: {
  hidden: string[];
  onChange: (next: string[]) => void;
}) {
  // The checkboxes exist only while open, so their labels never double the filters' (Status, MFA…).
  const [open, setOpen] = useState(false);
  return (
    <details
      className="relative"
      data-testid="users-columns"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="inline-flex h-7 cursor-pointer list-none items-center gap-1.5 rounded-md border border-zinc-200 bg-white px-2.5 text-xs font-medium text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
        <Columns3 className="size-3.5" aria-hidden />
        Columns{hidden.length > 0 ? ` (${hidden.length} hidden)` : ''}
      </summary>
      {open && (
        <fieldset className="absolute right-0 z-20 mt-1 grid w-48 gap-1 rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <legend className="sr-only">Columns to show</legend>
          {CHOOSABLE_COLUMNS.map((column) => (
            <label
              key={column.id}
              className="flex items-center gap-2 px-1 py-0.5 text-zinc-800 dark:text-zinc-200"
            >
              <input
                type="checkbox"
                className={checkboxClass}
                checked={!hidden.includes(column.id)}
                onChange={(event) =>
                  onChange(
                    event.target.checked ? hidden.filter((id) => id !== column.id) : [...hidden, column.id],
                  )
                }
              />
              {column.label}
            </label>
          ))}
        </fieldset>
      )}
    </details>
  );
}
