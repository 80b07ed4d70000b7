import type { ReactNode } from 'react';
import { TableScroll } from '../../../../components/ui/table-scroll.tsx';
import { dateTime, relativeTime } from '../../../../lib/time.ts';

/** One titled part of User 360; `actions` sit at the right of its title. */
export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section aria-label={title} className="border-b border-zinc-100 py-3 dark:border-zinc-800/70">
      <header className="flex items-center justify-between px-5 pb-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Time({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={iso} title={dateTime(iso)} className="whitespace-nowrap tabular-nums">
      {relativeTime(iso, now)}
    </time>
  );
}

export const cellClass = 'px-2 py-1.5 align-top first:pl-5 last:pr-5';
const headClass = 'px-2 py-1 font-medium first:pl-5 last:pr-5';

export function MiniTable({
  head,
  children,
  testId,
}: {
  head: string[];
  children: ReactNode;
  testId?: string;
}) {
  return (
    <TableScroll label={testId ?? head.join(', ')} className="dark:[--pin-bg:var(--color-zinc-950)]">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead className="text-[10px] tracking-wide text-zinc-400 uppercase">
          <tr>
            {head.map((label) => (
              <th key={label} scope="col" className={headClass}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 text-zinc-700 dark:divide-zinc-800/70 dark:text-zinc-300">
          {children}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function Ip({ value }: { value: string | null }) {
  return <span className="font-mono whitespace-nowrap">{value ?? '—'}</span>;
}

/** A row's full IP once revealed (it may be null), else the masked one it came with. */
export function ipOf(
  revealed: Array<{ id: string; ip: string | null }> | undefined,
  id: string,
  masked: string | null,
): string | null {
  const full = revealed?.find((row) => row.id === id);
  return full ? full.ip : masked;
}

export function Empty({ children }: { children: string }) {
  return <p className="px-5 text-xs text-zinc-500">{children}</p>;
}
