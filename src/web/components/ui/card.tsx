import type { ReactNode } from 'react';
import { cn } from './cn.ts';

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <section
      className={cn(
        'rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60',
        className,
      )}
    >
      {children}
    </section>
  );
}

export function CardHeader({
  title,
  icon,
  actions,
}: {
  title: string;
  icon?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="flex items-center justify-between gap-2 border-b border-zinc-100 px-4 py-2.5 dark:border-zinc-800">
      <h2 className="flex items-center gap-2 text-sm font-semibold text-zinc-800 dark:text-zinc-100">
        {icon}
        {title}
      </h2>
      {actions}
    </header>
  );
}

/** Label/value rows, aligned; for cards of facts. */
export function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
      {rows.map(([label, value]) => (
        <div key={label} className="flex items-center justify-between gap-4 px-4 py-2">
          <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="truncate text-right font-medium text-zinc-900 tabular-nums dark:text-zinc-100">
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
