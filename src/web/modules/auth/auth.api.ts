import { useQuery } from '@tanstack/react-query';
import type { MeResponse } from '../../../contracts/auth.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import { api } from '../../lib/api.ts';
import { queryClient } from '../../lib/query.ts';
import { stopTicker } from '../../lib/sse.ts';

export const meKey = ['me'] as const;

/** Who is signed in; `/api/admin/me` never asks for a step-up. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api<MeResponse>('/api/admin/me', { signal }),
    retry: (failures, error) =>
      failures < 2 && !(error instanceof Error && 'status' in error && Number(error.status) < 500),
    staleTime: 60_000,
  });
}

export function can(me: MeResponse | undefined, permission: Permission): boolean {
  return Boolean(me?.permissions.includes(permission));
}

export function stepUpValid(me: MeResponse | undefined, now = Date.now()): boolean {
  const expiresAt = me?.stepUp.expiresAt;
  return Boolean(expiresAt && new Date(expiresAt).getTime() > now);
}

export async function signIn(email: string, password: string): Promise<void> {
  await api('/api/auth/sign-in/email', { body: { email, password } });
}

export async function signOut(): Promise<void> {
  try {
    await api('/api/auth/sign-out', { body: {} });
  } finally {
    stopTicker();
    queryClient.clear();
  }
}
