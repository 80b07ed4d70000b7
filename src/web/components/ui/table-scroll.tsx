import type { ReactNode } from 'react';
import { cn } from './cn.ts';

/**
 * Wraps a `<table>` so that it scrolls sideways inside its card instead of widening the page, with
 * its first column pinned (styles.css `.table-scroll`). The region is focusable so keyboard users
 * can scroll it too; `label` names it for screen readers.
 */
export function TableScroll({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className={cn(
        'table-scroll relative max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500',
        className,
      )}
    >
      {children}
    </section>
  );
}
