import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { ChevronRight } from 'lucide-react';
import { Fragment } from 'react';
import type { AuditEvent } from '../../../../contracts/audit.ts';
import { SubjectRef } from '../../../components/subject-ref.tsx';
import { Badge, toneForEventType } from '../../../components/ui/badge.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';
import { dateTime } from '../../../lib/time.ts';

const columns: ColumnDef<AuditEvent>[] = [
  {
    id: 'expand',
    header: () => <span className="sr-only">Payload</span>,
    cell: ({ row }) => (
      <button
        type="button"
        onClick={row.getToggleExpandedHandler()}
        aria-expanded={row.getIsExpanded()}
        aria-label={`${row.getIsExpanded() ? 'Hide' : 'Show'} payload of event ${row.original.id}`}
        className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
      >
        <ChevronRight
          className={cn('size-4 transition-transform', row.getIsExpanded() && 'rotate-90')}
          aria-hidden
        />
      </button>
    ),
  },
  {
    accessorKey: 'id',
    header: 'ID',
    cell: ({ getValue }) => <span className="font-mono text-zinc-500">{String(getValue())}</span>,
  },
  {
    accessorKey: 'ts',
    header: 'Time',
    cell: ({ getValue }) => {
      const ts = String(getValue());
      return (
        <time dateTime={ts} title={new Date(ts).toString()} className="whitespace-nowrap tabular-nums">
          {dateTime(ts)}
        </time>
      );
    },
  },
  {
    accessorKey: 'type',
    header: 'Type',
    cell: ({ getValue }) => {
      const type = String(getValue());
      return <Badge tone={toneForEventType(type)}>{type}</Badge>;
    },
  },
  {
    id: 'actor',
    header: 'Actor',
    cell: ({ row }) => (
      <div className="leading-tight">
        <div className="truncate">{row.original.actorEmail ?? 'system'}</div>
        {row.original.actorRole && <div className="text-[11px] text-zinc-400">{row.original.actorRole}</div>}
      </div>
    ),
  },
  {
    id: 'subject',
    header: 'Subject',
    cell: ({ row }) => <SubjectRef event={row.original} className="block max-w-64" />,
  },
  {
    accessorKey: 'ip',
    header: 'IP',
    cell: ({ getValue }) => <span className="font-mono text-zinc-500">{String(getValue() ?? '—')}</span>,
  },
];

export function AuditEventsTable({ events }: { events: AuditEvent[] }) {
  const table = useReactTable({
    data: events,
    columns,
    getRowId: (row) => row.id,
    getRowCanExpand: () => true,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  });

  return (
    <TableScroll label="Audit events">
      <table className="w-full text-left text-xs" data-testid="audit-table">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-3 py-2 font-medium">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <Fragment key={row.id}>
              <tr
                data-testid="audit-row"
                className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/70 dark:hover:bg-zinc-900"
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className="max-w-64 px-3 py-1.5 align-middle text-zinc-700 dark:text-zinc-300"
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
              {row.getIsExpanded() && (
                <tr className="border-b border-zinc-100 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
                  <td colSpan={columns.length} className="px-3 py-2">
                    <pre className="overflow-x-auto rounded-md bg-white p-3 font-mono text-[11px] text-zinc-700 ring-1 ring-zinc-200 dark:bg-zinc-950 dark:text-zinc-300 dark:ring-zinc-800">
                      {JSON.stringify(row.original.payload, null, 2)}
                    </pre>
                    <p className="mt-1 font-mono text-[10px] text-zinc-400">
                      request {row.original.requestId ?? '—'} · hash {row.original.hash.slice(0, 16)}…
                    </p>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
