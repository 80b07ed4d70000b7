import { useInfiniteQuery } from '@tanstack/react-query';
import type { EventsExportQuery, EventsQuery, EventsResponse } from '../../../contracts/audit.ts';
import { api, toQuery } from '../../lib/api.ts';

/** The Audit tab's filters, as they live in the URL. */
export type AuditFilters = Pick<EventsQuery, 'type' | 'actor' | 'subjectType' | 'subjectId' | 'from' | 'to'>;
export const FILTER_KEYS = [
  'type',
  'actor',
  'subjectType',
  'subjectId',
  'from',
  'to',
] as const satisfies ReadonlyArray<keyof AuditFilters>;

export function parseAuditSearch(search: Record<string, unknown>): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search[key];
    if (typeof value === 'string' && value.trim()) filters[key] = value.trim();
  }
  return filters;
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key]);
}

const PAGE = 50;

export function useEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['events', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<EventsResponse>(`/api/admin/events${toQuery({ ...filters, cursor: pageParam, limit: PAGE })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function exportHref(filters: AuditFilters, format: EventsExportQuery['format']): string {
  return `/api/admin/events/export${toQuery({ format, ...filters })}`;
}
