import { z } from 'zod';
import { plainText } from './text.ts';

/** Ctrl-K's search: at least two characters. */
export const SearchQuery = z.strictObject({
  q: plainText().pipe(z.string().trim().min(2, 'type at least 2 characters').max(100)),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One result: what the palette shows (`label`, `detail`) and the id that opens it. */
export const SearchHit = z.object({ id: z.string(), label: z.string(), detail: z.string().nullable() });
export type SearchHit = z.infer<typeof SearchHit>;

/**
 * Up to five results per list; a group is null when the viewer's role may not see that list
 * (products need view_catalog), so the palette shows only the groups it may open.
 */
export const SearchResponse = z.object({
  members: z.array(SearchHit).nullable(),
  missions: z.array(SearchHit).nullable(),
  products: z.array(SearchHit).nullable(),
  stones: z.array(SearchHit).nullable(),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

export const SEARCH_LIMIT = 5;
