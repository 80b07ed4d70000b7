import type { SessionRow, UsersExportQuery } from '../../../../contracts/users.ts';
import type { Db } from '../../../db/client.ts';
import { type ExportColumn, listPages } from '../../../platform/export.ts';
import { listUsersForExport } from './list-users.ts';
import { listSessions } from './user-360.ts';
import type { UserExportRow } from './user-rows.ts';

/** The Users list's columns, as the list answers them (last IP masked). */
export const USER_EXPORT_COLUMNS: ExportColumn<UserExportRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'email', value: (row) => row.email },
  { header: 'name', value: (row) => row.name },
  { header: 'role', value: (row) => row.role },
  { header: 'status', value: (row) => row.status },
  { header: 'authProvider', value: (row) => row.authProvider },
  { header: 'providers', value: (row) => row.providers.join(' ') },
  { header: 'emailVerifiedAt', value: (row) => row.emailVerifiedAt },
  { header: 'mfaEnabled', value: (row) => row.mfaEnabled },
  { header: 'lastLoginAt', value: (row) => row.lastLoginAt },
  { header: 'lastIp', value: (row) => row.lastIp },
  { header: 'sessions', value: (row) => row.sessionsCount },
  { header: 'orders', value: (row) => row.ordersCount },
  { header: 'lifetimeValue', value: (row) => row.lifetimeValue },
  { header: 'joined', value: (row) => row.joined },
];

/** Every page of the Users list for the filters and sort, through the list's own keyset paging. */
export function userExportPages(db: Db, query: UsersExportQuery, cursorKey: Buffer | string) {
  return listPages((paging) => listUsersForExport(db, { ...query, ...paging }, { cursorKey }));
}

export const SESSION_EXPORT_COLUMNS: ExportColumn<SessionRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'ip', value: (row) => row.ip },
  { header: 'userAgent', value: (row) => row.userAgent },
  { header: 'createdAt', value: (row) => row.createdAt },
  { header: 'lastSeenAt', value: (row) => row.lastSeenAt },
  { header: 'expiresAt', value: (row) => row.expiresAt },
];

/** A member's live sessions as the Sessions list shows them (IPs masked): one page, it is short. */
export async function* sessionExportPages(db: Db, userId: string) {
  yield await listSessions(db, userId);
}
