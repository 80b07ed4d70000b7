import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CurrentUserResponse, SignInProviders } from '../../../contracts/member.ts';
import type { SessionsResponse } from '../../../contracts/users.ts';
import { api } from '../../lib/api.ts';

export type CurrentUser = z.infer<typeof CurrentUserResponse>;
type Sessions = z.infer<typeof SessionsResponse>;

const userKey = ['member', 'user'] as const;
const sessionsKey = ['member', 'sessions'] as const;

/** Who is signed in; guests get `{auth:false}`, never a 401. */
export function useCurrentUser() {
  return useQuery({
    queryKey: userKey,
    queryFn: ({ signal }) => api<CurrentUser>('/api/user', { signal }),
    staleTime: 30_000,
  });
}

export function useMySessions(enabled: boolean) {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) => api<Sessions>('/api/user/sessions', { signal }),
    enabled,
  });
}

/** Asks again who is signed in and where (after signing in, or revoking a session). */
export function useRefreshMember() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['member'] });
}

/** Sign-up does not sign in (better-auth `autoSignIn: false`): the page signs in right after. */
export function useSignUp() {
  return useMutation({
    mutationFn: (input: { name: string; email: string; password: string }) =>
      api('/api/auth/sign-up/email', { body: input }),
  });
}

/** After signing out: the sessions list goes, and who is signed in is asked again. */
export function useForgetMember() {
  const client = useQueryClient();
  return () => {
    client.removeQueries({ queryKey: sessionsKey });
    return client.invalidateQueries({ queryKey: userKey });
  };
}

export function useRevokeMySession() {
  const refresh = useRefreshMember();
  return useMutation({
    mutationFn: (sessionId: string) =>
      api<{ revoked: number }>(`/api/user/sessions/${sessionId}/revoke`, { body: {} }),
    onSettled: refresh,
  });
}

/** Sets a new password from an emailed reset link (the server signs the member out everywhere). */
export function useResetPassword() {
  return useMutation({
    mutationFn: ({ token, newPassword }: { token: string; newPassword: string }) =>
      api('/api/auth/reset-password', { body: { token, newPassword } }),
  });
}

const GOOGLE_BODY = JSON.stringify({ providerId: 'google', callbackURL: '/account' });

async function startGoogle(): Promise<Response> {
  return fetch('/api/auth/sign-in/oauth2', {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: GOOGLE_BODY,
  });
}

/** Whether "Sign in with Google" is offered (the server says which sign-in methods it has). */
export function useGoogleAvailable(): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/api/user/providers', { credentials: 'include' })
      .then((response) => response.json() as Promise<SignInProviders>)
      .then((providers) => live && setAvailable(providers.google))
      .catch(() => live && setAvailable(false));
    return () => {
      live = false;
    };
  }, []);
  return available;
}

/** Starts the Google sign-in: the API answers the provider's URL, and the browser goes there. */
export async function signInWithGoogle(): Promise<void> {
  const response = await startGoogle();
  if (response.status === 404) throw new Error('Google sign-in is not available on this server');
  const body = (await response.json().catch(() => ({}))) as { url?: string; message?: string };
  if (!response.ok || !body.url) throw new Error(body.message ?? 'Could not start Google sign-in');
  window.location.assign(body.url);
}

/** "Forgot password?": asks for a reset link (the same answer for any address). */
export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      api<{ sent: true; message: string }>('/api/user/forgot-password', { body: { email } }),
  });
}
