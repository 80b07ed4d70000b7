import { Link, useNavigate } from '@tanstack/react-router';
import { LogIn, Radar } from 'lucide-react';
import type { FormEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { ApiError } from '../../lib/api.ts';
import { queryClient } from '../../lib/query.ts';
import { meKey, useSignIn } from './auth.api.ts';

function signInError(error: Error): string {
  if (error instanceof ApiError && error.status === 429) return error.message;
  if (error instanceof ApiError && error.status < 500) return 'Email or password is wrong';
  return 'The server did not answer; try again in a moment';
}

export function SignInPage() {
  const navigate = useNavigate();
  const signIn = useSignIn(async () => {
    await queryClient.resetQueries({ queryKey: meKey });
    await navigate({ to: '/' });
  });
  const error = signIn.error && signInError(signIn.error);
  const busy = signIn.isPending;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-zinc-900 dark:text-zinc-100">
          <Radar className="size-6 text-indigo-500" aria-hidden />
          <span className="text-lg font-semibold tracking-tight">Mission Control</span>
        </div>
        <form
          onSubmit={submit}
          className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          aria-labelledby="sign-in-title"
        >
          <div>
            <h1 id="sign-in-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
              Sign in
            </h1>
            <p className="text-sm text-zinc-500">Staff console. Your authenticator app is needed next.</p>
          </div>
          <Field label="Email" htmlFor="email">
            <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </Field>
          <Field label="Password" htmlFor="password">
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </Field>
          {error && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
          <Button type="submit" variant="primary" className="w-full" disabled={busy}>
            <LogIn className="size-4" aria-hidden />
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        <p className="mt-6 text-center text-xs text-zinc-400">
          Member?{' '}
          <Link to="/account" className="underline-offset-2 hover:text-zinc-600 hover:underline">
            Manage your account
          </Link>
        </p>
      </div>
    </main>
  );
}
