import { SEARCH_LIMIT, type SearchHit } from '../../../../contracts/search.ts';
import { StonesQuery } from '../../../../contracts/stones.ts';
import type { Db } from '../../../db/client.ts';
import { listStones } from './list.ts';

/** Stones whose code starts with `q` (Ctrl-K); text that cannot start a code finds none. */
export async function searchStones(
  db: Db,
  q: string,
  options: { cursorKey: Buffer | string },
): Promise<SearchHit[]> {
  const query = StonesQuery.safeParse({ code: q, pageSize: SEARCH_LIMIT });
  if (!query.success || !/[0-9A-Z]/.test(query.data.code ?? '')) return [];
  const page = await listStones(db, query.data, options);
  return page.rows.map((row) => ({ id: row.id, label: row.code, detail: `${row.kind} · ${row.status}` }));
}
