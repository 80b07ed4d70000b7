import { SEARCH_LIMIT, type SearchHit } from '../../../../contracts/search.ts';
import { UsersListQuery } from '../../../../contracts/users.ts';
import type { Db } from '../../../db/client.ts';
import { listUsers } from './list-users.ts';

/** Members whose email or name holds `q` (Ctrl-K): the Users list's own filter and masking. */
export async function searchMembers(
  db: Db,
  q: string,
  options: { cursorKey: Buffer | string },
): Promise<SearchHit[]> {
  const page = await listUsers(db, UsersListQuery.parse({ query: q, pageSize: SEARCH_LIMIT }), options);
  return page.rows.map((row) => ({ id: row.id, label: row.name || row.email, detail: row.email }));
}
