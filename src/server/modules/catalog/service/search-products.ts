import { ProductsListQuery } from '../../../../contracts/catalog.ts';
import { SEARCH_LIMIT, type SearchHit } from '../../../../contracts/search.ts';
import type { Db } from '../../../db/client.ts';
import { listProducts } from './list-products.ts';

/** Products whose title or SKU matches `q` (Ctrl-K): the Products list's own full-text search. */
export async function searchProducts(
  db: Db,
  q: string,
  options: { cursorKey: Buffer | string },
): Promise<SearchHit[]> {
  const query = ProductsListQuery.parse({ query: q, pageSize: SEARCH_LIMIT });
  // The low-stock threshold only matters to the stock filter, which a search does not use.
  const page = await listProducts(db, query, { ...options, threshold: 0 });
  return page.rows.map((row) => ({ id: row.id, label: row.title, detail: row.sku }));
}
