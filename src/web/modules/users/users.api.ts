import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../contracts/permissions.ts';
import type {
  BulkResponse,
  NoteRow,
  RevealResponse,
  User360,
  UserActionResponse,
  UserRow,
  UserSort,
  UsersListQuery,
  UsersListResponse,
} from '../../../contracts/users.ts';
import {
  AUTH_PROVIDERS,
  ONBOARDING,
  TEAM_FILTERS,
  USER_ROLES,
  USER_SORTS,
  USER_STATUSES,
} from '../../../contracts/users.values.ts';
import { api, newIdempotencyKey, toQuery } from '../../lib/api.ts';
import { useListTotal } from '../../lib/lists.ts';

/** The Users tab's filters and sort, as they live in the URL. */
export type UsersFilters = Partial<
  Pick<
    UsersListQuery,
    | 'query'
    | 'provider'
    | 'role'
    | 'status'
    | 'mfa'
    | 'verified'
    | 'joinedFrom'
    | 'joinedTo'
    | 'lastLoginFrom'
    | 'lastLoginTo'
    | 'team'
    | 'onboarding'
  >
> & { sort?: UserSort };

/** Filters plus the open User 360 drawer (`?user=<id>`). */
export type UsersSearch = UsersFilters & { user?: string };

export const DEFAULT_SORT: UserSort = 'last_login_at:desc';
const TIME_KEYS = ['joinedFrom', 'joinedTo', 'lastLoginFrom', 'lastLoginTo'] as const;

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** Reads the URL leniently: an unknown value is dropped rather than sent to the API as a 400. */
export function parseUsersSearch(search: Record<string, unknown>): UsersSearch {
  const out: UsersSearch = {};
  const query = typeof search.query === 'number' ? String(search.query) : search.query;
  if (typeof query === 'string' && query.trim()) out.query = query.trim().slice(0, 200);
  const provider = oneOf(AUTH_PROVIDERS, search.provider);
  if (provider) out.provider = provider;
  const role = oneOf(USER_ROLES, search.role);
  if (role) out.role = role;
  const status = oneOf(USER_STATUSES, search.status);
  if (status) out.status = status;
  const mfa = flag(search.mfa);
  if (mfa !== undefined) out.mfa = mfa;
  const verified = flag(search.verified);
  if (verified !== undefined) out.verified = verified;
  const team = oneOf(TEAM_FILTERS, search.team);
  if (team) out.team = team;
  const onboarding = oneOf(ONBOARDING, search.onboarding);
  if (onboarding) out.onboarding = onboarding;
  for (const key of TIME_KEYS) {
    const value = search[key];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      out[key] = new Date(value).toISOString();
  }
  const sort = oneOf(USER_SORTS, search.sort);
  if (sort && sort !== DEFAULT_SORT) out.sort = sort;
  if (typeof search.user === 'string' && /^[0-9a-f-]{36}$/i.test(search.user)) out.user = search.user;
  return out;
}

export function filtersOf(search: UsersSearch): UsersFilters {
  const { user: _drawer, ...filters } = search;
  return filters;
}

export function hasFilters(filters: UsersFilters): boolean {
  return Object.entries(filters).some(([key, value]) => key !== 'sort' && value !== undefined);
}

const PAGE_SIZE = 50;
export const USERS_PATH = '/api/admin/users';

/** The filters as query parameters (no sort: it orders a page, it does not change the total). */
function filterParams({ sort: _sort, ...filters }: UsersFilters) {
  return {
    ...filters,
    mfa: filters.mfa === undefined ? undefined : String(filters.mfa),
    verified: filters.verified === undefined ? undefined : String(filters.verified),
  };
}

/** The list, page by page: the cursor chain lives in the query and restarts when filters change. */
export function useUsers(filters: UsersFilters) {
  return useInfiniteQuery({
    queryKey: ['users', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<UsersListResponse>(
        `${USERS_PATH}${toQuery({
          ...filterParams(filters),
          sort: filters.sort ?? DEFAULT_SORT,
          pageSize: PAGE_SIZE,
          cursor: pageParam,
        })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The CSV export of the list as filtered and sorted now (every page). */
export function usersExportHref(filters: UsersFilters): string {
  return `${USERS_PATH}/export${toQuery({
    ...filters,
    mfa: filters.mfa === undefined ? undefined : String(filters.mfa),
    verified: filters.verified === undefined ? undefined : String(filters.verified),
  })}`;
}

/** How many members match the filters, asked for beside the first page (platform/lists.ts). */
export function useUsersTotal(filters: UsersFilters) {
  return useListTotal(['users', 'list'], USERS_PATH, filterParams(filters));
}

/** Members whose email or name matches `term` (from two characters): a picker's suggestions. */
export function useUserSearch(term: string, { enabled = true, pageSize = 8 } = {}) {
  const query = term.trim();
  return useQuery({
    queryKey: ['users', 'search', query, pageSize],
    enabled: enabled && query.length >= 2,
    staleTime: 30_000,
    queryFn: ({ signal }) =>
      api<UsersListResponse>(`${USERS_PATH}${toQuery({ query, pageSize })}`, { signal }).then(
        (body) => body.rows,
      ),
  });
}

export const userKey = (id: string) => ['users', 'one', id] as const;

export function useUser360(id: string | undefined) {
  return useQuery({
    queryKey: userKey(id ?? ''),
    queryFn: ({ signal }) => api<User360>(`${USERS_PATH}/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** Row actions on one member, by their route under /api/admin/users/:id/. */
export type UserAction =
  | { kind: 'revoke-sessions' }
  | { kind: 'password-reset' }
  | { kind: 'mfa-disable' }
  | { kind: 'role'; role: Role }
  | { kind: 'suspend'; reason: string }
  | { kind: 'enable' }
  | { kind: 'delete'; reason: string };

function actionRequest(action: UserAction): { path: string; body: unknown } {
  switch (action.kind) {
    case 'revoke-sessions':
      return { path: 'sessions/revoke', body: {} };
    case 'password-reset':
      return { path: 'password-reset', body: {} };
    case 'mfa-disable':
      return { path: 'mfa/disable', body: {} };
    case 'role':
      return { path: 'role', body: { role: action.role } };
    case 'suspend':
    case 'delete':
      return { path: action.kind, body: { reason: action.reason } };
    case 'enable':
      return { path: 'enable', body: {} };
  }
}

/** Everything that changes members refreshes the list and the open 360. */
function useRefreshUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['users'] });
}

export function useUserAction() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ userId, action }: { userId: string; action: UserAction }) => {
      const { path, body } = actionRequest(action);
      return api<UserActionResponse | { revoked: number }>(`${USERS_PATH}/${userId}/${path}`, {
        body,
        idempotencyKey: newIdempotencyKey(),
      });
    },
    onSettled: refresh,
  });
}

export const BULK_ACTIONS = [
  'revoke-sessions',
  'password-reset',
  'suspend',
  'enable',
  'delete',
  'mfa-disable',
] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export function useBulkAction() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ action, userIds, reason }: { action: BulkAction; userIds: string[]; reason?: string }) =>
      api<BulkResponse>(`${USERS_PATH}/bulk/${action}`, {
        body: reason ? { userIds, reason } : { userIds },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

export function useRevokeSession() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (sessionId: string) =>
      api<{ revoked: number }>(`/api/admin/sessions/${sessionId}/revoke`, {
        body: {},
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

export function useAddNote() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: string }) =>
      api<NoteRow>(`${USERS_PATH}/${userId}/notes`, { body: { body }, idempotencyKey: newIdempotencyKey() }),
    onSuccess: refresh,
  });
}

/**
 * The audited reveal. The answer lives only in the drawer's memory: never in the query cache, and
 * the mutation is dropped from the mutation cache as soon as its dialog closes (`gcTime: 0`).
 */
export function useRevealIps() {
  return useMutation({
    mutationFn: ({ userId, reason }: { userId: string; reason: string }) =>
      api<RevealResponse>(`${USERS_PATH}/${userId}/reveal`, { body: { field: 'ip', reason } }),
    gcTime: 0,
  });
}

export const isStaffRow = (row: Pick<UserRow, 'role'>) => row.role !== 'user';
