import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { ReactNode } from 'react';

/**
 * A column header that sorts the list: the first click asks for `first`, the next one flips it.
 * `sort` is the list's `column:direction`.
 */
export function SortHeader<S extends string>({
  label,
  column,
  first,
  sort,
  onSort,
}: {
  label: ReactNode;
  column: string;
  first: 'asc' | 'desc';
  sort: S;
  onSort: (sort: S) => void;
}) {
  const [active, direction] = sort.split(':') as [string, 'asc' | 'desc'];
  const isActive = active === column;
  return (
    <th
      scope="col"
      className="px-3 py-2 font-medium whitespace-nowrap"
      aria-sort={isActive ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-zinc-100"
        onClick={() => onSort(`${column}:${isActive ? (direction === 'asc' ? 'desc' : 'asc') : first}` as S)}
      >
        {label}
        {isActive ? (
          direction === 'asc' ? (
            <ArrowUp className="size-3" aria-hidden />
          ) : (
            <ArrowDown className="size-3" aria-hidden />
          )
        ) : (
          <ArrowUpDown className="size-3 opacity-40" aria-hidden />
        )}
      </button>
    </th>
  );
}

export function PlainHeader({ children }: { children?: ReactNode }) {
  return (
    <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
      {children}
    </th>
  );
}

export const theadClass =
  'border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-600 uppercase dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400';
export const rowClass =
  'border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900';
export const cellClass = 'px-3 py-1.5 align-middle text-zinc-700 dark:text-zinc-300';
