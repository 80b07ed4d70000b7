import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Batch,
  GenerateBody,
  SheetResponse,
  StoneResponse,
  StonesResponse,
} from '../../../contracts/stones.ts';
import { api, toQuery } from '../../lib/api.ts';

// Restated: the contracts' lists live next to zod, which the SPA must not bundle.
export const KINDS = ['stone', 'pebble'] as const satisfies readonly Batch['kind'][];
export const STATUSES = ['unactivated', 'activated'] as const;

/** The inventory's filters, as they live in the URL. */
export type StonesSearch = {
  kind?: (typeof KINDS)[number];
  status?: (typeof STATUSES)[number];
  premapped?: 'true' | 'false';
  batch?: string;
  code?: string;
  view?: 'batches';
};

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

export function parseStonesSearch(search: Record<string, unknown>): StonesSearch {
  const out: StonesSearch = {};
  const kind = oneOf(KINDS, search.kind);
  const status = oneOf(STATUSES, search.status);
  const premapped = oneOf(['true', 'false'] as const, String(search.premapped ?? ''));
  if (kind) out.kind = kind;
  if (status) out.status = status;
  if (premapped) out.premapped = premapped;
  if (typeof search.batch === 'string' && /^[0-9a-f-]{36}$/i.test(search.batch)) out.batch = search.batch;
  if (typeof search.code === 'string' && /^[0-9A-Za-z-]{1,19}$/.test(search.code)) out.code = search.code;
  if (search.view === 'batches') out.view = 'batches';
  return out;
}

export const STONES_PATH = '/api/admin/stones';

/** The Stones list's CSV for the filters on screen (platform/export.ts). */
export function stonesExportHref(filters: Omit<StonesSearch, 'view'>): string {
  return `${STONES_PATH}/export${toQuery(filters)}`;
}

export function useStones(filters: Omit<StonesSearch, 'view'>) {
  return useInfiniteQuery({
    queryKey: ['stones', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<StonesResponse>(`${STONES_PATH}${toQuery({ ...filters, pageSize: 50, cursor: pageParam })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useStone(id: string) {
  return useQuery({
    queryKey: ['stones', 'one', id],
    queryFn: ({ signal }) => api<StoneResponse>(`${STONES_PATH}/${id}`, { signal }),
  });
}

export function useLocations() {
  return useQuery({
    queryKey: ['stones', 'locations'],
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) =>
      api<{ locations: { id: string; name: string }[] }>(`${STONES_PATH}/locations`, { signal }).then(
        (body) => body.locations,
      ),
  });
}

export function useBatches() {
  return useInfiniteQuery({
    queryKey: ['stones', 'batches'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<{ rows: Batch[]; nextCursor: string | null }>(
        `${STONES_PATH}/batches${toQuery({ pageSize: 25, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useSheet(id: string) {
  return useQuery({
    queryKey: ['stones', 'sheet', id],
    queryFn: ({ signal }) => api<SheetResponse>(`${STONES_PATH}/batches/${id}/sheet`, { signal }),
  });
}

/** Generate QR. The dialog keeps one key while open: a double submit makes one batch. */
export function useGenerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: GenerateBody; idempotencyKey: string }) =>
      api<{ batch: Batch }>(`${STONES_PATH}/batches`, { body, idempotencyKey }).then(
        (answer) => answer.batch,
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['stones'] }),
  });
}

export function usePremap(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ locationId, idempotencyKey }: { locationId: string | null; idempotencyKey: string }) =>
      api<StoneResponse>(`${STONES_PATH}/${id}`, { method: 'PATCH', body: { locationId }, idempotencyKey }),
    onSuccess: (answer) => {
      client.setQueryData(['stones', 'one', id], answer);
      void client.invalidateQueries({ queryKey: ['stones', 'list'] });
    },
  });
}

export const dateTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
export const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');
