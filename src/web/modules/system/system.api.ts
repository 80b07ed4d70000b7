import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  OutboxResponse,
  SettingsResponse,
  SettingsValues,
  SystemOverview,
} from '../../../contracts/system.ts';
import { api, newIdempotencyKey } from '../../lib/api.ts';
import { meKey } from '../auth/auth.api.ts';

export const SYSTEM_PATH = '/api/admin/system';

export function useSystemOverview() {
  return useQuery({
    queryKey: ['system'],
    queryFn: ({ signal }) => api<SystemOverview>(SYSTEM_PATH, { signal }),
    refetchInterval: 10_000,
  });
}

type Settings = z.infer<typeof SettingsResponse>;

export function useSettings() {
  return useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => api<Settings>('/api/admin/settings', { signal }),
  });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<SettingsValues>) =>
      api<Settings>('/api/admin/settings', {
        method: 'PATCH',
        body: patch,
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: (data, patch) => {
      client.setQueryData(['settings'], data);
      // /me carries ADMIN_ENHANCED; other consoles hear it from the live stream.
      if ('adminEnhanced' in patch) void client.invalidateQueries({ queryKey: meKey });
    },
  });
}

export type JobRun = { ran: boolean; ok: boolean; detail: Record<string, unknown> };

export function useRunJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<JobRun>(`/api/admin/jobs/${encodeURIComponent(name)}/run`, { body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: ['system'] }),
  });
}

/** Development's local outbox (mail kept instead of sent). */
export function useOutbox() {
  return useQuery({
    queryKey: ['outbox'],
    queryFn: ({ signal }) => api<OutboxResponse>('/api/admin/outbox', { signal }),
    refetchInterval: 10_000,
  });
}
