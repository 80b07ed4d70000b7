import * as RadixDialog from '@radix-ui/react-dialog';
import { Link } from '@tanstack/react-router';
import { Radar, X } from 'lucide-react';
import type { NavItem } from '../lib/nav.ts';
import { cn } from './ui/cn.ts';

function Brand() {
  return (
    <div className="flex items-center gap-2">
      <Radar className="size-5 text-indigo-500" aria-hidden />
      <span className="text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">
        Mission Control
      </span>
    </div>
  );
}

function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  return (
    <ul className="flex flex-col gap-0.5 p-2">
      {items.map((item) => (
        <li key={item.path}>
          <Link
            to={item.path}
            onClick={onNavigate}
            activeOptions={{ exact: item.path === '/', includeSearch: false }}
            className="flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 lg:py-1.5 dark:text-zinc-400 dark:hover:bg-zinc-800/70 dark:hover:text-zinc-100 data-[status=active]:bg-white data-[status=active]:font-medium data-[status=active]:text-zinc-900 data-[status=active]:shadow-xs data-[status=active]:ring-1 data-[status=active]:ring-zinc-200 dark:data-[status=active]:bg-zinc-800 dark:data-[status=active]:text-zinc-100 dark:data-[status=active]:ring-zinc-700"
          >
            <item.icon className="size-4" aria-hidden />
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The left bar on wide screens (lg and up); below that the same links live in `NavDrawer`. */
export function SideNav({ items }: { items: NavItem[] }) {
  return (
    <nav
      aria-label="Main"
      className="hidden w-52 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50/80 lg:flex dark:border-zinc-800 dark:bg-zinc-950"
    >
      <div className="flex h-12 items-center border-b border-zinc-200 px-4 dark:border-zinc-800">
        <Brand />
      </div>
      <NavLinks items={items} />
    </nav>
  );
}

/** The navigation as a drawer from the left on narrow screens; following a link closes it. */
export function NavDrawer({
  items,
  open,
  onOpenChange,
}: {
  items: NavItem[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 data-[state=open]:animate-[fade-in_120ms_ease-out] lg:hidden" />
        <RadixDialog.Content
          aria-describedby={undefined}
          className={cn(
            'fixed inset-y-0 left-0 z-50 flex w-[min(18rem,85vw)] flex-col border-r border-zinc-200 bg-zinc-50 shadow-2xl lg:hidden',
            'focus:outline-none dark:border-zinc-800 dark:bg-zinc-950 data-[state=open]:animate-[nav-in_160ms_ease-out]',
          )}
        >
          <div className="flex h-12 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
            <RadixDialog.Title asChild>
              <div>
                <Brand />
              </div>
            </RadixDialog.Title>
            <RadixDialog.Close
              aria-label="Close navigation"
              className="rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <X className="size-4" aria-hidden />
            </RadixDialog.Close>
          </div>
          <nav aria-label="Main" className="overflow-y-auto">
            <NavLinks items={items} onNavigate={() => onOpenChange(false)} />
          </nav>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
