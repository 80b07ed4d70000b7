import { getRouteApi, Link } from '@tanstack/react-router';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { ApiError, fieldErrors } from '../../lib/api.ts';
import { useResetPassword } from './member.api.ts';
import { MemberShell, panelClass } from './member-shell.tsx';

const route = getRouteApi('/account/reset-password');

function resetError(error: Error): string {
  const field = fieldErrors(error).newPassword;
  if (field) return `The password ${field}.`;
  if (error instanceof ApiError && error.status < 500)
    return 'This link is invalid or has expired. Ask for a new one.';
  return 'The server did not answer; try again in a moment.';
}

/** Where the emailed reset link lands: choose a new password (the token comes in the URL). */
export function ResetPasswordPage() {
  const { token, error: linkError } = route.useSearch();
  const reset = useResetPassword();
  const [differ, setDiffer] = useState(false);
  const error = differ ? 'The two passwords differ.' : reset.error ? resetError(reset.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const differs = password !== String(form.get('confirm') ?? '');
    setDiffer(differs);
    if (differs) return;
    reset.mutate({ token: token ?? '', newPassword: password });
  }

  return (
    <MemberShell>
      <div className={panelClass}>
        {reset.isSuccess ? (
          <div className="space-y-3">
            <h1 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">Password changed</h1>
            <p className="text-sm text-zinc-500">
              You were signed out everywhere. Sign in with the new password.
            </p>
            <Link
              to="/account"
              className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Go to sign in
            </Link>
          </div>
        ) : !token || linkError ? (
          <div className="space-y-3">
            <h1 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
              This link does not work
            </h1>
            <p className="text-sm text-zinc-500">
              It is incomplete or has expired (links last one hour). Ask support for a new reset email.
            </p>
            <Link
              to="/account"
              className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Back to your account
            </Link>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4" aria-labelledby="reset-title">
            <div>
              <h1 id="reset-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
                Choose a new password
              </h1>
              <p className="text-sm text-zinc-500">
                At least 8 characters; very common passwords are refused.
              </p>
            </div>
            <Field label="New password" htmlFor="reset-password">
              <Input
                id="reset-password"
                name="password"
                type="password"
                autoComplete="new-password"
                minLength={8}
                required
                autoFocus
              />
            </Field>
            <Field label="Repeat it" htmlFor="reset-confirm">
              <Input id="reset-confirm" name="confirm" type="password" autoComplete="new-password" required />
            </Field>
            {error && (
              <p role="alert" className="text-sm text-red-600 dark:text-red-400">
                {error}
              </p>
            )}
            <Button type="submit" variant="primary" className="w-full" disabled={reset.isPending}>
              <KeyRound className="size-4" aria-hidden />
              {reset.isPending ? 'Saving…' : 'Set the new password'}
            </Button>
          </form>
        )}
      </div>
    </MemberShell>
  );
}
