import { Link } from '@tanstack/react-router';
import { Radar } from 'lucide-react';
import type { NavItem } from '../lib/nav.ts';

export function SideNav({ items }: { items: NavItem[] }) {
  return (
    <nav
      aria-label="Main"
      className="flex w-52 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <div className="flex h-12 items-center gap-2 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <Radar className="size-5 text-indigo-500" aria-hidden />
        <span className="text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">
          Mission Control
        </span>
      </div>
      <ul className="flex flex-col gap-0.5 p-2">
        {items.map((item) => (
          <li key={item.path}>
            <Link
              to={item.path}
              activeOptions={{ exact: item.path === '/', includeSearch: false }}
              className="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-800/70 dark:hover:text-zinc-100 data-[status=active]:bg-white data-[status=active]:font-medium data-[status=active]:text-zinc-900 data-[status=active]:shadow-xs data-[status=active]:ring-1 data-[status=active]:ring-zinc-200 dark:data-[status=active]:bg-zinc-800 dark:data-[status=active]:text-zinc-100 dark:data-[status=active]:ring-zinc-700"
            >
              <item.icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
