import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { IntegrationsStatus, PulseResult, SignalThresholds } from '../../../contracts/signals.ts';
import { api, newIdempotencyKey } from '../../lib/api.ts';

const PULSE = '/api/admin/actions/health-pulse';
const THRESHOLDS = '/api/admin/signals/thresholds';
const thresholdsKey = ['signal-thresholds'] as const;

export type Integrations = z.infer<typeof IntegrationsStatus>;

export const signalsApi = {
  pulsePreview: () => api<PulseResult>(`${PULSE}/preview`, { method: 'POST' }),
  pulseRun: (idempotencyKey: string) => api<PulseResult>(PULSE, { method: 'POST', idempotencyKey }),
};

/** Which outside services are wired up: the cards that need one say why they are off. */
export function useIntegrations(enabled: boolean) {
  return useQuery({
    queryKey: ['integrations'],
    queryFn: ({ signal }) => api<Integrations>('/api/admin/integrations', { signal }),
    enabled,
  });
}

export function useSignalThresholds() {
  return useQuery({
    queryKey: thresholdsKey,
    queryFn: ({ signal }) => api<SignalThresholds>(THRESHOLDS, { signal }),
  });
}

export function useSaveSignalThresholds() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<SignalThresholds>) =>
      api<SignalThresholds>(THRESHOLDS, {
        method: 'PATCH',
        body: patch,
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: (data) => client.setQueryData(thresholdsKey, data),
  });
}
