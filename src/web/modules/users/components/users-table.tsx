import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type OnChangeFn,
  type RowSelectionState,
  useReactTable,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown, Check, Minus } from 'lucide-react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { MeResponse } from '../../../../contracts/auth.ts';
import type { UserRow, UserSort } from '../../../../contracts/users.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { checkboxClass } from '../../../components/ui/select.tsx';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';
import { useEnhancedItems } from '../../../lib/enhanced.tsx';
import { dateTime, relativeTime, useNow } from '../../../lib/time.ts';
import type { ActionKind } from '../user-actions.ts';
import { Avatar, formatMoney, RoleBadge, StatusBadge } from './user-badges.tsx';
import { UserRowActions } from './user-row-actions.tsx';
import { PROVIDER_LABEL } from './users-filters.tsx';

/** The columns the API can sort by, with the direction a first click asks for. */
type SortColumn = UserSort extends `${infer Column}:${string}` ? Column : never;
const SORTABLE: Record<string, { key: SortColumn; first: 'asc' | 'desc' }> = {
  email: { key: 'email', first: 'asc' },
  lastLoginAt: { key: 'last_login_at', first: 'desc' },
  orders: { key: 'orders_count', first: 'desc' },
  ltv: { key: 'lifetime_value', first: 'desc' },
  joined: { key: 'created_at', first: 'desc' },
  status: { key: 'status', first: 'asc' },
};

const number = new Intl.NumberFormat();

/** Seed 001's added columns: shown only while ADMIN_ENHANCED is on. */
const ENHANCED_COLUMNS = new Set([
  'provider',
  'verified',
  'mfa',
  'lastLoginAt',
  'lastIp',
  'lastUserAgent',
  'sessions',
  'orders',
  'ltv',
]);
const columnId = (column: ColumnDef<UserRow>) =>
  column.id ?? (column as { accessorKey?: string }).accessorKey ?? '';

function Yes({ on, label }: { on: boolean; label: string }) {
  return on ? (
    <Check className="size-4 text-emerald-700 dark:text-emerald-400" aria-label={`${label}: yes`} />
  ) : (
    <Minus className="size-4 text-zinc-300 dark:text-zinc-600" aria-label={`${label}: no`} />
  );
}

function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="text-zinc-400">never</span>;
  return (
    <time dateTime={iso} title={dateTime(iso)} className="whitespace-nowrap tabular-nums">
      {relativeTime(iso, now)}
    </time>
  );
}

export function UsersTable({
  rows,
  me,
  sort,
  onSort,
  selection,
  onSelectionChange,
  onOpen,
  onAction,
  hidden = [],
}: {
  /** Column ids the viewer chose to hide (UsersColumnChooser). */
  hidden?: string[];
  rows: UserRow[];
  me: MeResponse | undefined;
  sort: UserSort;
  onSort: (sort: UserSort) => void;
  selection: RowSelectionState;
  onSelectionChange: OnChangeFn<RowSelectionState>;
  onOpen: (id: string) => void;
  onAction: (kind: ActionKind, row: UserRow) => void;
}) {
  const now = useNow(30_000);
  const [sortKey, sortDir] = sort.split(':') as [string, 'asc' | 'desc'];

  const allColumns: ColumnDef<UserRow>[] = [
    {
      // The selection box shares the pinned first column with the name: on a phone the row keeps
      // both in view while the other columns scroll.
      id: 'name',
      header: ({ table }) => (
        <span className="flex items-center gap-3">
          <input
            type="checkbox"
            className={checkboxClass}
            aria-label="Select all loaded members"
            checked={table.getIsAllRowsSelected()}
            ref={(input) => {
              if (input) input.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
          Member
        </span>
      ),
      cell: ({ row }) => (
        <div className="flex items-center gap-3">
          <input
            type="checkbox"
            className={checkboxClass}
            aria-label={`Select ${row.original.email}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
          <Avatar name={row.original.name} email={row.original.email} pictureUrl={row.original.pictureUrl} />
          <span className="max-w-32 truncate font-medium text-zinc-900 sm:max-w-40 dark:text-zinc-100">
            {row.original.name || '—'}
          </span>
        </div>
      ),
    },
    {
      accessorKey: 'email',
      header: 'Email',
      cell: ({ row }) => <span className="block max-w-56 truncate">{row.original.email}</span>,
    },
    { id: 'role', header: 'Role', cell: ({ row }) => <RoleBadge role={row.original.role} /> },
    {
      id: 'provider',
      header: 'Provider',
      cell: ({ row }) =>
        row.original.authProvider ? (
          PROVIDER_LABEL[row.original.authProvider]
        ) : (
          <span className="text-zinc-400">—</span>
        ),
    },
    {
      id: 'verified',
      header: 'Verified',
      cell: ({ row }) => <Yes on={row.original.emailVerifiedAt !== null} label="Email verified" />,
    },
    { id: 'mfa', header: 'MFA', cell: ({ row }) => <Yes on={row.original.mfaEnabled} label="MFA" /> },
    {
      accessorKey: 'lastLoginAt',
      header: 'Last login',
      cell: ({ row }) => <When iso={row.original.lastLoginAt} now={now} />,
    },
    {
      id: 'lastIp',
      header: 'Last IP',
      cell: ({ row }) => (
        <span className="font-mono whitespace-nowrap text-zinc-500" data-testid="user-last-ip">
          {row.original.lastIp ?? '—'}
        </span>
      ),
    },
    {
      id: 'lastUserAgent',
      header: 'Last browser',
      cell: ({ row }) =>
        row.original.lastUserAgent ? (
          <span
            className="block max-w-40 truncate text-zinc-500"
            title={row.original.lastUserAgent}
            data-testid="user-last-ua"
          >
            {row.original.lastUserAgent}
          </span>
        ) : (
          <span className="text-zinc-400">—</span>
        ),
    },
    {
      id: 'sessions',
      header: 'Sessions',
      cell: ({ row }) => <span className="tabular-nums">{number.format(row.original.sessionsCount)}</span>,
    },
    {
      id: 'orders',
      header: 'Orders',
      cell: ({ row }) => <span className="tabular-nums">{number.format(row.original.ordersCount)}</span>,
    },
    {
      id: 'ltv',
      header: 'LTV',
      cell: ({ row }) => <span className="tabular-nums">{formatMoney(row.original.lifetimeValue)}</span>,
    },
    {
      accessorKey: 'joined',
      header: 'Joined',
      cell: ({ row }) => (
        <time dateTime={row.original.joined} title={dateTime(row.original.joined)} className="tabular-nums">
          {new Date(row.original.joined).toLocaleDateString()}
        </time>
      ),
    },
    {
      id: 'teams',
      header: 'Teams',
      cell: ({ row }) => <TeamsCell row={row.original} />,
    },
    { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <UserRowActions
          row={row.original}
          me={me}
          onOpen={() => onOpen(row.original.id)}
          onAction={onAction}
        />
      ),
    },
  ];

  const columns = useEnhancedItems(allColumns, (column) => ENHANCED_COLUMNS.has(columnId(column)));

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    state: { rowSelection: selection, columnVisibility: Object.fromEntries(hidden.map((id) => [id, false])) },
    enableRowSelection: true,
    onRowSelectionChange: onSelectionChange,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
  });

  const interactive = (target: EventTarget) =>
    target instanceof Element && target.closest('button, input, a, [role="menuitem"]') !== null;
  const rowClick = (id: string) => (event: MouseEvent) => {
    if (!interactive(event.target)) onOpen(id);
  };
  const rowKey = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onOpen(id);
    }
  };

  return (
    <TableScroll label="Members">
      <table className="w-full text-left text-xs" data-testid="users-table">
        <thead className="border-b border-zinc-200 bg-zinc-50/80 text-[11px] tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = SORTABLE[header.column.id];
                const active = sortable?.key === sortKey;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className="px-3 py-2 font-medium whitespace-nowrap"
                    aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-zinc-100"
                        onClick={() => {
                          const dir = active ? (sortDir === 'asc' ? 'desc' : 'asc') : sortable.first;
                          onSort(`${sortable.key}:${dir}` as UserSort);
                        }}
                      >
                        {label}
                        {active ? (
                          sortDir === 'asc' ? (
                            <ArrowUp className="size-3" aria-hidden />
                          ) : (
                            <ArrowDown className="size-3" aria-hidden />
                          )
                        ) : (
                          <ArrowUpDown className="size-3 opacity-40" aria-hidden />
                        )}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              tabIndex={0}
              data-testid="user-row"
              aria-selected={row.getIsSelected()}
              aria-label={`${row.original.email}, press Enter to open`}
              onClick={rowClick(row.original.id)}
              onKeyDown={rowKey(row.original.id)}
              className={cn(
                'cursor-pointer border-b border-zinc-100 hover:bg-zinc-50 focus-visible:bg-indigo-50/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-800/70 dark:hover:bg-zinc-900 dark:focus-visible:bg-indigo-950/40',
                row.getIsSelected() && 'bg-indigo-50/40 dark:bg-indigo-950/20',
              )}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-1.5 align-middle text-zinc-700 dark:text-zinc-300">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const ONBOARDING_LABEL: Record<UserRow['onboarding'], string> = {
  self_pair: 'self-pair',
  onboarded: 'onboarded',
  registered: 'registered only',
};

/** The onboarding badge (README → Community → Definitions) and the person's teams. */
function TeamsCell({ row }: { row: UserRow }) {
  const more = row.teamCount - row.teams.length;
  return (
    <span className="flex max-w-64 flex-wrap items-center gap-1">
      <Badge
        tone={row.onboarding === 'self_pair' ? 'blue' : row.onboarding === 'onboarded' ? 'green' : 'amber'}
      >
        {ONBOARDING_LABEL[row.onboarding]}
      </Badge>
      {row.teams
        .filter((team) => team.kind === 'group')
        .map((team) => (
          <span key={team.id} className="truncate text-xs text-zinc-600 dark:text-zinc-400">
            {team.name}
          </span>
        ))}
      {more > 0 && <span className="text-xs text-zinc-400">+{more}</span>}
    </span>
  );
}
