import type { SessionRow, UsersExportQuery } from '../../../../contracts/users.ts';
import type { Db } from '../../../db/client.ts';
import { cursorPages, type ExportColumn, listPages } from '../../../platform/export.ts';
import { cursorAfterUser, listUsersForExport, usersExportQuery } from './list-users.ts';
import { listSessions } from './user-360.ts';
import { toUserExportRow, type UserExportRow, type UserRecord } from './user-rows.ts';

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

/**
 * Every row of the Users list for the filters and sort. On Postgres one query read through a cursor
 * (`usersExportQuery`: at a million members about three times the rate of keyset pages, whose per-row
 * lookups touched a table page each); should it fail part-way (a replica cancelling a long query on a
 * recovery conflict, a lost connection), the rest comes from the list's keyset pages on the primary,
 * from the last row sent: nothing twice, nothing missing. On PGlite, keyset pages (see cursorPages).
 */
export async function* userExportPages(
  reads: { reader: Db; primary: Db; cursor: boolean },
  query: UsersExportQuery,
  cursorKey: Buffer | string,
  onCursorFailed: (error: unknown) => void = () => {},
): AsyncGenerator<UserExportRow[]> {
  let after: string | undefined;
  if (reads.cursor) {
    try {
      for await (const batch of cursorPages<UserRecord & { sort_key: string | null }>(
        reads.reader,
        usersExportQuery(query),
      )) {
        after = cursorAfterUser(cursorKey, query.sort, batch[batch.length - 1]!);
        yield batch.map(toUserExportRow);
      }
      return;
    } catch (error) {
      onCursorFailed(error);
    }
  }
  yield* listPages((paging) =>
    listUsersForExport(
      reads.cursor ? reads.primary : reads.reader,
      { ...query, ...paging, cursor: paging.cursor ?? after },
      { cursorKey },
    ),
  );
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
