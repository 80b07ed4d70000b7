import { Link } from '@tanstack/react-router';
import { Radar } from 'lucide-react';
import type { ReactNode } from 'react';

/** The member pages' frame: no console chrome, a quiet link to the staff sign-in. */
export function MemberShell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-center gap-2 text-zinc-900 dark:text-zinc-100">
          <Radar className="size-6 text-indigo-500" aria-hidden />
          <span className="text-lg font-semibold tracking-tight">Your account</span>
        </div>
        {children}
        <p className="mt-8 text-center text-xs text-zinc-400">
          Staff?{' '}
          <Link to="/sign-in" className="underline-offset-2 hover:text-zinc-600 hover:underline">
            Sign in to Mission Control
          </Link>
        </p>
      </div>
    </main>
  );
}

export const panelClass =
  'rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900';
