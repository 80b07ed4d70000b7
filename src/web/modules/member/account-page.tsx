import { useMutation } from '@tanstack/react-query';
import { LogIn, LogOut, MonitorSmartphone, UserPlus } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { cn } from '../../components/ui/cn.ts';
import { Field, Input } from '../../components/ui/input.tsx';
import { ErrorState, Skeleton } from '../../components/ui/states.tsx';
import { ApiError, fieldErrors } from '../../lib/api.ts';
import { dateTime, relativeTime, useNow } from '../../lib/time.ts';
import { useSignIn, useSignOut } from '../auth/auth.api.ts';
import { describeUserAgent } from '../users/user-agent.ts';
import {
  type CurrentUser,
  signInWithGoogle,
  useCurrentUser,
  useForgetMember,
  useForgotPassword,
  useGoogleAvailable,
  useMySessions,
  useRefreshMember,
  useRevokeMySession,
  useSignUp,
} from './member.api.ts';
import { MemberShell, panelClass } from './member-shell.tsx';

function signInMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403 && error.code === 'ACCOUNT_SUSPENDED')
      return 'This account is suspended. Contact support if you think this is a mistake.';
    if (error.status === 429) {
      const wait = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      return wait
        ? `Too many attempts. Wait ${wait} seconds, then try again.`
        : 'Too many attempts. Wait a little, then try again.';
    }
    if (error.status === 401 || error.status === 400) return 'Email or password is wrong.';
    if (error.status < 500) return error.message;
  }
  return 'The server did not answer; try again in a moment.';
}

/** What failed: the sign-up (field errors show by their fields instead), or the sign-in right after it. */
function signUpMessage(signUp: Error | null, signIn: Error | null): string | null {
  if (signUp) {
    if (Object.keys(fieldErrors(signUp)).length > 0) return null;
    return signUp instanceof ApiError && signUp.status < 500 ? signUp.message : signInMessage(signUp);
  }
  return signIn && `Your account was created, but signing in failed: ${signInMessage(signIn)}`;
}

function Alert({ children }: { children: string | null }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {children}
    </p>
  );
}

function FieldError({ id, children }: { id: string; children: string | undefined }) {
  if (!children) return null;
  return (
    <p id={id} className="text-xs text-red-600 dark:text-red-400">
      {children}
    </p>
  );
}

/** Signed out (or the server did not answer): forget the member either way, and say if it failed. */
function useSignedOutMember() {
  const forget = useForgetMember();
  return (error: Error | null) => {
    if (error) toast.error('Sign-out failed; try again');
    return forget();
  };
}

function GoogleButton() {
  const available = useGoogleAvailable();
  const google = useMutation({
    mutationFn: signInWithGoogle,
    onError: (error) => toast.error(error.message),
  });
  if (!available) return null;
  return (
    <>
      <div className="my-4 flex items-center gap-3 text-xs text-zinc-400">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> or{' '}
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <Button
        className="w-full"
        // Once started, the browser is on its way to Google.
        disabled={google.isPending || google.isSuccess}
        onClick={() => google.mutate()}
      >
        <svg viewBox="0 0 24 24" className="size-4" aria-hidden>
          <path
            fill="#4285F4"
            d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92a5.06 5.06 0 0 1-2.2 3.32v2.77h3.57c2.08-1.92 3.27-4.74 3.27-8.1z"
          />
          <path
            fill="#34A853"
            d="M12 23c2.97 0 5.46-.98 7.28-2.66l-3.57-2.77c-.98.66-2.23 1.06-3.71 1.06-2.86 0-5.29-1.93-6.16-4.53H2.18v2.84A11 11 0 0 0 12 23z"
          />
          <path
            fill="#FBBC05"
            d="M5.84 14.1A6.6 6.6 0 0 1 5.5 12c0-.73.13-1.44.34-2.1V7.07H2.18A11 11 0 0 0 1 12c0 1.78.43 3.45 1.18 4.93l3.66-2.84z"
          />
          <path
            fill="#EA4335"
            d="M12 5.38c1.62 0 3.06.56 4.21 1.64l3.15-3.15A10.6 10.6 0 0 0 12 1 11 11 0 0 0 2.18 7.07l3.66 2.84C6.71 7.31 9.14 5.38 12 5.38z"
          />
        </svg>
        Sign in with Google
      </Button>
    </>
  );
}

/** "Forgot password?": one email field; the answer is the same whether or not it has an account. */
function ForgotPasswordForm({ onBack }: { onBack: () => void }) {
  const forgot = useForgotPassword();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    forgot.mutate(String(form.get('email') ?? '').trim());
  }
  return (
    <div className={panelClass}>
      <form onSubmit={submit} className="space-y-4" aria-labelledby="member-forgot-title">
        <div>
          <h1 id="member-forgot-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Forgot your password?
          </h1>
          <p className="text-sm text-zinc-500">We mail you a link to choose a new one.</p>
        </div>
        <Field label="Email" htmlFor="forgot-email">
          <Input id="forgot-email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        {forgot.data ? (
          <p
            role="status"
            data-testid="forgot-sent"
            className="text-sm text-emerald-700 dark:text-emerald-400"
          >
            {forgot.data.message}
          </p>
        ) : (
          <Alert>{forgot.error ? forgot.error.message : null}</Alert>
        )}
        <Button type="submit" variant="primary" className="w-full" disabled={forgot.isPending}>
          {forgot.isPending ? 'Sending…' : 'Send the link'}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        <button
          type="button"
          onClick={onBack}
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          Back to sign in
        </button>
      </p>
    </div>
  );
}

function SignInForm({ onSwitch, onForgot }: { onSwitch: () => void; onForgot: () => void }) {
  const signIn = useSignIn(useRefreshMember());
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
  }
  return (
    <div className={panelClass}>
      <form onSubmit={submit} className="space-y-4" aria-labelledby="member-sign-in-title">
        <div>
          <h1 id="member-sign-in-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Sign in
          </h1>
          <p className="text-sm text-zinc-500">See where you are signed in and sign out anywhere.</p>
        </div>
        <Field label="Email" htmlFor="signin-email">
          <Input id="signin-email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field label="Password" htmlFor="signin-password">
          <Input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <Alert>{signIn.error && signInMessage(signIn.error)}</Alert>
        <Button type="submit" variant="primary" className="w-full" disabled={signIn.isPending}>
          <LogIn className="size-4" aria-hidden />
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="text-center text-sm">
          <button
            type="button"
            onClick={onForgot}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Forgot password?
          </button>
        </p>
      </form>
      <GoogleButton />
      <p className="mt-4 text-center text-sm text-zinc-500">
        New here?{' '}
        <button
          type="button"
          onClick={onSwitch}
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          Create an account
        </button>
      </p>
    </div>
  );
}

function SignUpForm({ onSwitch }: { onSwitch: () => void }) {
  const signUp = useSignUp();
  const refresh = useRefreshMember();
  // Sign-up does not sign in (better-auth `autoSignIn: false`): the form signs in right after.
  const signIn = useSignIn(async () => {
    await refresh();
    toast.success('Welcome! Your account is ready.');
  });
  const busy = signUp.isPending || signIn.isPending;
  const fields = fieldErrors(signUp.error);
  const error = signUpMessage(signUp.error, signIn.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get('name') ?? '').trim(),
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    };
    signIn.reset();
    signUp.mutate(input, {
      onSuccess: () => signIn.mutate({ email: input.email, password: input.password }),
    });
  }

  const fieldInput = (name: string) =>
    fields[name] ? { 'aria-invalid': true, 'aria-describedby': `signup-${name}-error` } : {};
  return (
    <div className={panelClass}>
      <form onSubmit={submit} className="space-y-4" aria-labelledby="member-sign-up-title">
        <div>
          <h1 id="member-sign-up-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Create an account
          </h1>
          <p className="text-sm text-zinc-500">
            At least 8 characters; a long passphrase is best. Very common passwords are refused.
          </p>
        </div>
        <Field label="Name" htmlFor="signup-name">
          <Input
            id="signup-name"
            name="name"
            autoComplete="name"
            required
            autoFocus
            {...fieldInput('name')}
          />
          <FieldError id="signup-name-error">{fields.name}</FieldError>
        </Field>
        <Field label="Email" htmlFor="signup-email">
          <Input
            id="signup-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            {...fieldInput('email')}
          />
          <FieldError id="signup-email-error">{fields.email}</FieldError>
        </Field>
        <Field label="Password" htmlFor="signup-password">
          <Input
            id="signup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
            {...fieldInput('password')}
          />
          <FieldError id="signup-password-error">{fields.password}</FieldError>
        </Field>
        <Alert>{error}</Alert>
        <Button type="submit" variant="primary" className="w-full" disabled={busy}>
          <UserPlus className="size-4" aria-hidden />
          {busy ? 'Creating…' : 'Create account'}
        </Button>
      </form>
      <GoogleButton />
      <p className="mt-4 text-center text-sm text-zinc-500">
        Already have an account?{' '}
        <button
          type="button"
          onClick={onSwitch}
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          Sign in
        </button>
      </p>
    </div>
  );
}

function SignedIn({ user }: { user: Extract<CurrentUser, { auth: true }>['user'] }) {
  const sessions = useMySessions(true);
  const signOut = useSignOut(useSignedOutMember());
  const revoke = useRevokeMySession();
  const now = useNow(30_000);
  return (
    <div className="space-y-4">
      <section className={panelClass} aria-label="You">
        <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Signed in as</p>
        <h1 className="mt-1 text-lg font-semibold text-zinc-900 dark:text-zinc-100" data-testid="member-name">
          {user.name || user.email}
        </h1>
        <p className="text-sm text-zinc-500" data-testid="member-email">
          {user.email}
        </p>
        <Button className="mt-4" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          <LogOut className="size-4" aria-hidden />
          Sign out
        </Button>
      </section>
      <section className={cn(panelClass, 'p-0')} aria-label="Your sessions">
        <header className="flex items-center gap-2 border-b border-zinc-100 px-6 py-3 dark:border-zinc-800">
          <MonitorSmartphone className="size-4 text-zinc-400" aria-hidden />
          <h2 className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">Where you are signed in</h2>
        </header>
        {sessions.data ? (
          sessions.data.sessions.length === 0 ? (
            <p className="px-6 py-4 text-sm text-zinc-500">No sessions.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="member-sessions">
              {sessions.data.sessions.map((session) => (
                <li
                  key={session.id}
                  className="flex items-center gap-3 px-6 py-3"
                  data-testid="member-session"
                >
                  <div className="min-w-0 flex-1">
                    <p className="flex items-center gap-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
                      <span title={session.userAgent ?? undefined}>
                        {describeUserAgent(session.userAgent)}
                      </span>
                      {session.current && <Badge tone="green">this device</Badge>}
                    </p>
                    <p className="text-xs text-zinc-500">
                      <span className="font-mono">{session.ip ?? 'unknown IP'}</span> · signed in{' '}
                      <time dateTime={session.createdAt} title={dateTime(session.createdAt)}>
                        {relativeTime(session.createdAt, now)}
                      </time>{' '}
                      · last seen {relativeTime(session.lastSeenAt, now)}
                    </p>
                  </div>
                  {!session.current && (
                    <Button
                      size="sm"
                      disabled={revoke.isPending}
                      aria-label={`Sign out the ${describeUserAgent(session.userAgent)} session`}
                      onClick={() =>
                        revoke.mutate(session.id, {
                          onSuccess: () => toast.success('That session is signed out'),
                          onError: (caught) => toast.error(caught.message),
                        })
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )
        ) : sessions.isError ? (
          <ErrorState
            error={sessions.error}
            onRetry={() => void sessions.refetch()}
            title="Could not load sessions"
          />
        ) : (
          <div role="status" aria-label="Loading sessions" className="space-y-2 p-6">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        )}
      </section>
    </div>
  );
}

/** The member page: sign up, sign in (password or Google), who you are, your sessions, sign out. */
export function AccountPage() {
  const user = useCurrentUser();
  const [mode, setMode] = useState<'sign-in' | 'sign-up' | 'forgot'>('sign-in');
  const signedIn = user.data?.auth === true;
  // After signing out, the page offers sign-in (not the sign-up form used an hour ago).
  useEffect(() => {
    if (signedIn) setMode('sign-in');
  }, [signedIn]);
  return (
    <MemberShell>
      {user.data ? (
        user.data.auth ? (
          <SignedIn user={user.data.user} />
        ) : mode === 'sign-in' ? (
          <SignInForm onSwitch={() => setMode('sign-up')} onForgot={() => setMode('forgot')} />
        ) : mode === 'forgot' ? (
          <ForgotPasswordForm onBack={() => setMode('sign-in')} />
        ) : (
          <SignUpForm onSwitch={() => setMode('sign-in')} />
        )
      ) : user.isError ? (
        <div className={panelClass}>
          <ErrorState
            error={user.error}
            onRetry={() => void user.refetch()}
            title="Could not reach the server"
          />
        </div>
      ) : (
        <div className={panelClass} role="status" aria-label="Loading your account">
          <Skeleton className="mb-3 h-6 w-1/2" />
          <Skeleton className="mb-2 h-9 w-full" />
          <Skeleton className="h-9 w-full" />
        </div>
      )}
    </MemberShell>
  );
}
