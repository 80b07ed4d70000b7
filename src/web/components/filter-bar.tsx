import { Search } from 'lucide-react';
import type { FormEvent, ReactNode } from 'react';
import { Input } from './ui/input.tsx';

/**
 * A list's filter bar: a search box applied on Enter (the URL holds the query, so typing does not
 * refetch per key), then the list's own filters as `children`.
 */
export function FilterBar({
  query,
  onSearch,
  label,
  placeholder,
  children,
}: {
  query: string | undefined;
  /** The trimmed text, or undefined when blank. */
  onSearch: (query: string | undefined) => void;
  label: string;
  placeholder: string;
  children?: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('query') ?? '').trim();
    onSearch(text || undefined);
  }
  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-2 dark:border-zinc-800"
    >
      <div className="relative min-w-0 flex-1 basis-56">
        <Search className="pointer-events-none absolute top-2 left-2 size-4 text-zinc-400" aria-hidden />
        <Input
          name="query"
          aria-label={label}
          placeholder={placeholder}
          defaultValue={query ?? ''}
          key={query ?? ''}
          className="h-8 pl-8 text-xs"
        />
      </div>
      {children}
    </form>
  );
}
