import { useQuery } from '@tanstack/react-query';
import type { ListCountResponse, ListTotal } from '../../contracts/lists.ts';
import { api, toQuery } from './api.ts';

type Params = Record<string, string | number | undefined | null>;

/**
 * A list's total, fetched beside its first page from `<path>/count` with the filters only (no sort,
 * no cursor): one request per filter, cached under its own key, so "Load more" never recounts.
 * `queryKey` should start with the list's own key so that invalidating the list refreshes the total.
 */
export function useListTotal(queryKey: readonly unknown[], path: string, filters: Params) {
  return useQuery({
    queryKey: [...queryKey, 'count', filters],
    staleTime: 30_000,
    queryFn: ({ signal }) =>
      api<ListCountResponse>(`${path}/count${toQuery(filters)}`, { signal }).then((body) => body.total),
  });
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const exact = new Intl.NumberFormat();

/** "1,234 members", or "≈ 1.2M members" for an estimate. */
export function formatTotal(total: ListTotal, one: string, many: string): string {
  if (total.estimated) return `≈ ${compact.format(total.value)} ${many}`;
  return `${exact.format(total.value)} ${total.value === 1 ? one : many}`;
}

/** "of 1,234" / "of ≈ 1,234,567", after "N shown". */
export function formatOf(total: ListTotal): string {
  return ` of ${total.estimated ? '≈ ' : ''}${exact.format(total.value)}`;
}
