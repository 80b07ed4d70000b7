import type { ReactNode } from 'react';
import { cn } from './ui/cn.ts';

/**
 * The table of a plain list: scrolls sideways inside its card below `minWidth` (a Tailwind class
 * such as `min-w-[36rem]`), one header row from `columns`, the rows as `children`.
 */
export function ListTable({
  columns,
  minWidth,
  children,
}: {
  columns: ReactNode[];
  minWidth: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className={cn('w-full text-sm', minWidth)}>
        <thead className="text-left text-xs text-zinc-500">
          <tr className="border-b border-zinc-100 dark:border-zinc-800">
            {columns.map((column, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for a table's life
              <th key={index} className="px-4 py-2 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
