import { ShieldOff } from 'lucide-react';
import { Button } from '../../components/ui/button.tsx';
import { forgetConsole, useSignOut } from './auth.api.ts';

export function NotStaffPage({ onSignedOut }: { onSignedOut: () => void }) {
  const signOut = useSignOut(() => {
    forgetConsole();
    onSignedOut();
  });
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <div className="max-w-sm space-y-3 rounded-lg border border-zinc-200 bg-white p-6 text-center dark:border-zinc-800 dark:bg-zinc-900">
        <ShieldOff className="mx-auto size-7 text-zinc-400" aria-hidden />
        <h1 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          This account is not staff
        </h1>
        <p className="text-sm text-zinc-500">
          You are signed in, but this account has no staff access. Ask an administrator to grant you a role.
        </p>
        <Button variant="primary" onClick={() => signOut.mutate()}>
          Sign out
        </Button>
      </div>
    </main>
  );
}
