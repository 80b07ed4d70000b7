import { getRouteApi } from '@tanstack/react-router';
import type { RowSelectionState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import type { BulkResponse, UserRow } from '../../../contracts/users.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { Enhanced, useEnhanced } from '../../lib/enhanced.tsx';
import { formatOf, formatTotal } from '../../lib/lists.ts';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { useMe } from '../auth/auth.api.ts';
import { User360Drawer } from './components/user-360/user-360-drawer.tsx';
import { type ActionInput, UserActionDialog } from './components/user-action-dialog.tsx';
import { BulkResults, UserBulkBar } from './components/user-bulk-bar.tsx';
import { UsersColumnChooser, useHiddenColumns } from './components/users-column-chooser.tsx';
import { UsersFiltersForm } from './components/users-filters.tsx';
import { UsersTable } from './components/users-table.tsx';
import { ACTION_META, type ActionKind, actionErrorMessage } from './user-actions.ts';
import {
  type BulkAction,
  DEFAULT_SORT,
  filtersOf,
  hasFilters,
  USERS_PATH,
  type UsersFilters,
  useAddNote,
  useBulkAction,
  usersExportHref,
  useUserAction,
  useUsers,
  useUsersTotal,
} from './users.api.ts';

const route = getRouteApi('/_console/users');
const exact = new Intl.NumberFormat();

type Pending =
  | { mode: 'row'; kind: ActionKind; row: UserRow }
  | { mode: 'bulk'; kind: BulkAction; rows: UserRow[] };

const DONE: Partial<Record<ActionKind, string>> = {
  'revoke-sessions': 'Sessions revoked',
  'password-reset': 'Password reset link sent; sessions ended',
  'mfa-disable': 'MFA turned off',
  role: 'Role changed',
  suspend: 'Member suspended',
  enable: 'Member enabled',
  delete: 'Member deleted',
  note: 'Note added',
};

export function UsersPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const [hiddenColumns, setHiddenColumns] = useHiddenColumns();
  const filters = useMemo(() => filtersOf(search), [search]);
  const filterKey = JSON.stringify(filters);
  const users = useUsers(filters);
  const rows = useMemo(() => users.data?.pages.flatMap((page) => page.rows) ?? [], [users.data]);
  const total = useUsersTotal(filters).data;

  const [selection, setSelection] = useState<RowSelectionState>({});
  const enhanced = useEnhanced();
  const [pending, setPending] = useState<Pending | null>(null);
  const [bulkResult, setBulkResult] = useState<{
    action: BulkAction;
    results: BulkResponse['results'];
  } | null>(null);
  const userAction = useUserAction();
  const bulk = useBulkAction();
  const addNote = useAddNote();

  // New filters, new list: the selection and the last bulk report belong to the old one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a change of filters only
  useEffect(() => {
    setSelection({});
    setBulkResult(null);
  }, [filterKey]);

  usePageTelemetry('/users', USERS_PATH, users.data ? rows.length : undefined);

  const apply = (next: UsersFilters) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
    void navigate({ search: (prev) => ({ ...clean, ...(prev.user ? { user: prev.user } : {}) }) });
  };
  const open = (id: string) => void navigate({ search: (prev) => ({ ...prev, user: id }) });
  const close = () => void navigate({ search: ({ user: _closed, ...rest }) => rest });

  const byId = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);
  const selected = Object.keys(selection)
    .filter((id) => selection[id])
    .map((id) => byId.get(id))
    .filter((row): row is UserRow => Boolean(row));

  async function runRow(kind: ActionKind, row: UserRow, input: ActionInput) {
    if (kind === 'note') {
      await addNote.mutateAsync({ userId: row.id, body: input.note ?? '' });
    } else {
      const action =
        kind === 'role'
          ? { kind, role: input.role! }
          : kind === 'suspend' || kind === 'delete'
            ? { kind, reason: input.reason ?? '' }
            : { kind };
      await userAction.mutateAsync({ userId: row.id, action });
    }
    toast.success(`${DONE[kind]}: ${row.email}`);
  }

  function onAction(kind: ActionKind, row: UserRow) {
    if (kind === 'enable') {
      // Not destructive: no confirmation.
      runRow(kind, row, {}).catch((error) => toast.error(actionErrorMessage(error)));
      return;
    }
    setPending({ mode: 'row', kind, row });
  }

  async function runBulk(action: BulkAction, targets: UserRow[], reason: string | undefined) {
    const { results } = await bulk.mutateAsync({ action, userIds: targets.map((row) => row.id), reason });
    const failed = results.filter((result) => !result.ok).length;
    const done = results.length - failed;
    const label = ACTION_META[action].label;
    if (failed === 0) toast.success(`${label}: ${done} done`);
    else if (done === 0) toast.error(`${label}: all ${failed} failed`);
    else toast.warning(`${label}: ${done} done, ${failed} failed`);
    setBulkResult({ action, results });
    setSelection({});
  }

  const emailOf = (id: string) => byId.get(id)?.email ?? id;
  const filtered = hasFilters(filters);

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Users"
        description="Members and staff: who they are, how they sign in, what they bought."
        actions={
          <>
            <Enhanced>
              <UsersColumnChooser hidden={hiddenColumns} onChange={setHiddenColumns} />
            </Enhanced>
            {total ? (
              <span className="text-sm text-zinc-500" data-testid="users-total">
                {formatTotal(total, 'member', 'members')}
              </span>
            ) : null}
            <ExportLink href={usersExportHref(filters)} testId="users-export" />
          </>
        }
      />
      <Card>
        <UsersFiltersForm filters={filters} onApply={apply} />
        {enhanced && selected.length > 0 && (
          <UserBulkBar
            count={selected.length}
            me={me}
            onClear={() => setSelection({})}
            onAction={(action) => setPending({ mode: 'bulk', kind: action, rows: selected })}
          />
        )}
        {bulkResult && (
          <BulkResults
            action={bulkResult.action}
            results={bulkResult.results}
            emailOf={emailOf}
            onDismiss={() => setBulkResult(null)}
          />
        )}
        {users.data ? (
          rows.length === 0 ? (
            <EmptyState
              title={filtered ? 'No members match' : 'No members yet'}
              action={
                filtered ? (
                  <Button size="sm" onClick={() => apply({ sort: filters.sort })}>
                    Clear filters
                  </Button>
                ) : undefined
              }
            >
              {filtered
                ? 'Try a shorter search or loosen a filter.'
                : 'Members appear here as they sign up (or after `npm run demo:seed -- --members 2000`).'}
            </EmptyState>
          ) : (
            <>
              <UsersTable
                rows={rows}
                me={me}
                sort={filters.sort ?? DEFAULT_SORT}
                onSort={(sort) => apply({ ...filters, sort: sort === DEFAULT_SORT ? undefined : sort })}
                selection={selection}
                onSelectionChange={setSelection}
                onOpen={open}
                onAction={onAction}
                hidden={hiddenColumns}
              />
              <div className="flex items-center justify-between px-4 py-3 text-xs text-zinc-500">
                <span>
                  {exact.format(rows.length)} shown
                  {total && formatOf(total)}
                </span>
                {users.hasNextPage && (
                  <Button
                    size="sm"
                    onClick={() => void users.fetchNextPage()}
                    disabled={users.isFetchingNextPage}
                  >
                    {users.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                )}
              </div>
            </>
          )
        ) : users.isError ? (
          <ErrorState
            error={users.error}
            onRetry={() => void users.refetch()}
            title="Could not load members"
          />
        ) : (
          <SkeletonRows rows={12} label="Loading members" />
        )}
      </Card>

      <User360Drawer userId={search.user} me={me} onClose={close} onAction={onAction} />

      {pending && (
        <UserActionDialog
          kind={pending.kind}
          who={
            pending.mode === 'row'
              ? pending.row.email
              : `${pending.rows.length} ${pending.rows.length === 1 ? 'member' : 'members'}`
          }
          currentRole={pending.mode === 'row' ? pending.row.role : undefined}
          includesSelf={(pending.mode === 'row' ? [pending.row] : pending.rows).some(
            (row) => row.id === me?.user.id,
          )}
          onClose={() => setPending(null)}
          onConfirm={(input) =>
            pending.mode === 'row'
              ? runRow(pending.kind, pending.row, input)
              : runBulk(pending.kind, pending.rows, input.reason)
          }
        />
      )}
    </div>
  );
}
