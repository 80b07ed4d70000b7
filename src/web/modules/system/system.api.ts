import { useQuery } from '@tanstack/react-query';
import type { SystemOverview } from '../../../contracts/system.ts';
import { api } from '../../lib/api.ts';

export function useSystemOverview() {
  return useQuery({
    queryKey: ['system'],
    queryFn: ({ signal }) => api<SystemOverview>('/api/admin/system', { signal }),
    refetchInterval: 10_000,
  });
}
