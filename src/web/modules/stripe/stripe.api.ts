import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  PAYMENT_STATUSES,
  type PaymentStatus,
  type PaymentsResponse,
  type StripeSummary,
  type SyncRun,
  type SyncStartResponse,
  type WebhookEventView,
  type WebhookRetryResponse,
} from '../../../contracts/stripe.ts';
import { api, toQuery } from '../../lib/api.ts';

export const STRIPE_PATH = '/api/admin/stripe';
export const RANGES = { '24h': 1, '7d': 7, '30d': 30, '90d': 90, all: null } as const;
export type Range = keyof typeof RANGES;

/** The Stripe tab's filters as they live in the URL. */
export type StripeSearch = { query?: string; status?: PaymentStatus; range?: Range };

/** Reads the URL leniently: an unknown value is dropped rather than sent to the API as a 400. */
export function parseStripeSearch(search: Record<string, unknown>): StripeSearch {
  const out: StripeSearch = {};
  const query = typeof search.query === 'number' ? String(search.query) : search.query;
  if (typeof query === 'string' && query.trim()) out.query = query.trim().slice(0, 200);
  if (typeof search.status === 'string' && (PAYMENT_STATUSES as readonly string[]).includes(search.status))
    out.status = search.status as PaymentStatus;
  if (typeof search.range === 'string' && search.range in RANGES && search.range !== '30d')
    out.range = search.range as Range;
  return out;
}

/** The range's start, on a whole minute so the query key holds still between renders. */
function fromOf(range: Range): string | undefined {
  const days = RANGES[range];
  if (days === null) return undefined;
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  return new Date(minute - days * 86_400_000).toISOString();
}

export function useStripeSummary() {
  return useQuery({
    queryKey: ['stripe', 'summary'],
    queryFn: ({ signal }) => api<StripeSummary>(STRIPE_PATH, { signal }),
    refetchInterval: 15_000,
  });
}

/** The Payments list's CSV for the filters and range on screen (platform/export.ts). */
export function paymentsExportHref(search: StripeSearch): string {
  const from = fromOf(search.range ?? '30d');
  return `${STRIPE_PATH}/payments/export${toQuery({ query: search.query, status: search.status, from })}`;
}

export function usePayments(search: StripeSearch) {
  const from = fromOf(search.range ?? '30d');
  return useInfiniteQuery({
    queryKey: ['stripe', 'payments', search.query, search.status, from],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<PaymentsResponse>(
        `${STRIPE_PATH}/payments${toQuery({ query: search.query, status: search.status, from, pageSize: 25, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: ['stripe', 'webhooks'],
    queryFn: ({ signal }) =>
      api<{ webhooks: WebhookEventView[] }>(`${STRIPE_PATH}/webhooks?limit=10`, { signal }),
    refetchInterval: 15_000,
  });
}

/** The latest sync; polled every second while one runs, so its progress shows. */
export function useSyncState() {
  return useQuery({
    queryKey: ['stripe', 'sync'],
    queryFn: ({ signal }) => api<{ sync: SyncRun | null }>(`${STRIPE_PATH}/sync`, { signal }),
    refetchInterval: (query) => (query.state.data?.sync?.status === 'running' ? 1000 : false),
  });
}

export function useStartSync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<z.infer<typeof SyncStartResponse>>(`${STRIPE_PATH}/sync`, { body: {} }),
    onSuccess: (answer) => client.setQueryData(['stripe', 'sync'], { sync: answer.sync }),
  });
}

export function useRetryWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'last_failed') =>
      api<z.infer<typeof WebhookRetryResponse>>(
        id === 'last_failed'
          ? `${STRIPE_PATH}/webhooks/retry-last-failed`
          : `${STRIPE_PATH}/webhooks/${encodeURIComponent(id)}/retry`,
        { body: {} },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['stripe'] }),
  });
}
