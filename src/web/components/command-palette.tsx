import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Command } from 'cmdk';
import { Gem, KanbanSquare, LogOut, Package, SunMoon, User } from 'lucide-react';
import { type ComponentType, useEffect, useState } from 'react';
import type { SearchHit, SearchResponse } from '../../contracts/search.ts';
import { api, toQuery } from '../lib/api.ts';
import type { NavItem } from '../lib/nav.ts';
import { toggleTheme } from '../lib/theme.ts';

const groupClass =
  'text-xs text-zinc-600 dark:text-zinc-400 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1';

/** The text typed, once it has rested for a moment: one search per pause, not per key. */
function useSettled(text: string, ms = 200): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}

type Group = { key: keyof SearchResponse; heading: string; icon: ComponentType<{ className?: string }> };
const GROUPS: Group[] = [
  { key: 'members', heading: 'Members', icon: User },
  { key: 'missions', heading: 'Missions', icon: KanbanSquare },
  { key: 'products', heading: 'Products', icon: Package },
  { key: 'stones', heading: 'Stones', icon: Gem },
];

const itemClass =
  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm text-zinc-700 data-[selected=true]:bg-zinc-100 data-[selected=true]:text-zinc-900 dark:text-zinc-300 dark:data-[selected=true]:bg-zinc-800 dark:data-[selected=true]:text-zinc-100';

/**
 * Ctrl/Cmd-K: search members, missions, products and stones (GET /api/admin/search answers only the
 * groups this role may see), jump to any tab this role can use, toggle the theme, sign out.
 */
export function CommandPalette({
  items,
  onSignOut,
  open,
  setOpen,
}: {
  items: NavItem[];
  onSignOut: () => void;
  open: boolean;
  setOpen: (open: boolean | ((was: boolean) => boolean)) => void;
}) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useSettled(text.trim());
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api<SearchResponse>(`/api/admin/search${toQuery({ q })}`, { signal }),
    enabled: open && q.length >= 2,
    staleTime: 10_000,
  });

  // A result opens where its list opens it: User 360, the mission drawer, the product, the stone page.
  const openHit = (group: Group['key'], hit: SearchHit) => {
    if (group === 'members') void navigate({ to: '/users', search: { user: hit.id } });
    else if (group === 'missions') void navigate({ to: '/missions', search: { mission: hit.id } });
    else if (group === 'products')
      void navigate({ to: '/products', search: { query: hit.detail ?? hit.label } });
    else void navigate({ to: '/stones/$id', params: { id: hit.id } });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);

  const run = (action: () => void) => {
    setOpen(false);
    action();
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setText('');
      }}
      label="Command palette"
      overlayClassName="fixed inset-0 z-40 bg-zinc-950/40"
      contentClassName="fixed top-[18%] left-1/2 z-50 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Command.Input
        value={text}
        onValueChange={setText}
        placeholder="Search members, missions, products, stones… or go to a tab"
        className="h-11 w-full border-b border-zinc-200 bg-transparent px-4 text-sm text-zinc-900 outline-none placeholder:text-zinc-400 dark:border-zinc-800 dark:text-zinc-100"
      />
      {/* Busy until the results shown are those of the text typed (a pause, then its answer). */}
      <Command.List
        className="max-h-80 overflow-y-auto p-2"
        aria-busy={text.trim().length >= 2 && (text.trim() !== q || results.isFetching)}
      >
        {results.isFetching && q.length >= 2 ? (
          <Command.Loading>
            <p className="px-2 py-2 text-sm text-zinc-600 dark:text-zinc-400">Searching…</p>
          </Command.Loading>
        ) : null}
        {results.isError && q.length >= 2 ? (
          <p role="alert" className="px-2 py-2 text-sm text-red-700 dark:text-red-300">
            Search failed: {results.error.message}
          </p>
        ) : null}
        <Command.Empty className="px-2 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          {text.trim().length < 2 ? 'No match.' : results.isFetching ? 'Searching…' : 'Nothing found.'}
        </Command.Empty>
        {q.length >= 2 && results.data
          ? GROUPS.map((group) => {
              const hits = results.data[group.key];
              if (!hits || hits.length === 0) return null;
              return (
                <Command.Group key={group.key} heading={group.heading} className={groupClass}>
                  {hits.map((hit) => (
                    <Command.Item
                      key={hit.id}
                      value={`${group.key} ${hit.id}`}
                      keywords={[q, hit.label, hit.detail ?? '']}
                      className={itemClass}
                      onSelect={() => run(() => openHit(group.key, hit))}
                      data-testid={`search-hit-${group.key}`}
                    >
                      <group.icon className="size-4 shrink-0 text-zinc-500" aria-hidden />
                      <span className="min-w-0 truncate">{hit.label}</span>
                      {hit.detail && hit.detail !== hit.label ? (
                        <span className="ml-auto max-w-[45%] shrink-0 truncate text-xs text-zinc-600 dark:text-zinc-400">
                          {hit.detail}
                        </span>
                      ) : null}
                    </Command.Item>
                  ))}
                </Command.Group>
              );
            })
          : null}
        <Command.Group heading="Go to" className={groupClass}>
          {items.map((item) => (
            <Command.Item
              key={item.path}
              value={`Go to ${item.label}`}
              className={itemClass}
              onSelect={() => run(() => void navigate({ to: item.path }))}
            >
              <item.icon className="size-4 text-zinc-400" aria-hidden />
              {item.label}
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group heading="Actions" className={groupClass}>
          <Command.Item value="Toggle theme" className={itemClass} onSelect={() => run(toggleTheme)}>
            <SunMoon className="size-4 text-zinc-400" aria-hidden />
            Toggle theme
          </Command.Item>
          <Command.Item value="Sign out" className={itemClass} onSelect={() => run(onSignOut)}>
            <LogOut className="size-4 text-zinc-400" aria-hidden />
            Sign out
          </Command.Item>
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
