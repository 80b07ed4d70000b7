import { useMutation, useQuery } from '@tanstack/react-query';
import type { MeResponse } from '../../../contracts/auth.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import { api, staffOnly } from '../../lib/api.ts';
import { queryClient } from '../../lib/query.ts';
import { stopTicker } from '../../lib/sse.ts';

export const meKey = ['me'] as const;

/** Who is signed in; `/api/admin/me` never asks for a step-up. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api<MeResponse>('/api/admin/me', { signal }).then(staffOnly),
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

/** Password sign-in, for staff (/sign-in) and members (/account) alike; `onSignedIn` updates the page. */
export function useSignIn(onSignedIn?: () => unknown) {
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api('/api/auth/sign-in/email', { body: credentials }),
    onSuccess: onSignedIn,
  });
}

/** Ends the session. `onSignedOut` runs whether or not the server answered: the page forgets either way. */
export function useSignOut(onSignedOut: (error: Error | null) => unknown) {
  return useMutation({
    mutationFn: () => api('/api/auth/sign-out', { body: {} }),
    onSettled: (_answer, error) => onSignedOut(error),
  });
}

/** What the console drops on sign-out: the live stream, and every cached answer (the next person starts clean). */
export function forgetConsole() {
  stopTicker();
  queryClient.clear();
}
