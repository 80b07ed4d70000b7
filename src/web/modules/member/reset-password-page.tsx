import { getRouteApi, Link } from '@tanstack/react-router';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { ApiError, fieldErrors } from '../../lib/api.ts';
import { resetPassword } from './member.api.ts';
import { MemberShell, panelClass } from './member-shell.tsx';

const route = getRouteApi('/account/reset-password');

/** Where the emailed reset link lands: choose a new password (the token comes in the URL). */
export function ResetPasswordPage() {
  const { token, error: linkError } = route.useSearch();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await resetPassword(token ?? '', password);
      setDone(true);
    } catch (caught) {
      const field = fieldErrors(caught).newPassword;
      if (field) setError(`The password ${field}.`);
      else if (caught instanceof ApiError && caught.status < 500)
        setError('This link is invalid or has expired. Ask for a new one.');
      else setError('The server did not answer; try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <MemberShell>
      <div className={panelClass}>
        {done ? (
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
            <Button type="submit" variant="primary" className="w-full" disabled={busy}>
              <KeyRound className="size-4" aria-hidden />
              {busy ? 'Saving…' : 'Set the new password'}
            </Button>
          </form>
        )}
      </div>
    </MemberShell>
  );
}
