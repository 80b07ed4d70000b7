import { Command as CommandIcon, LogOut, Menu, Moon, ShieldAlert, ShieldCheck, Sun } from 'lucide-react';
import type { MeResponse } from '../../contracts/auth.ts';
import { requireStepUp } from '../lib/step-up.ts';
import { toggleTheme, useTheme } from '../lib/theme.ts';
import { clockTime, useNow } from '../lib/time.ts';
import { stepUpValid } from '../modules/auth/auth.api.ts';
import { Button } from './ui/button.tsx';

export function roleLabel(role: string): string {
  return role.replace('_', ' ');
}

function StepUpIndicator({ me }: { me: MeResponse }) {
  const now = useNow(5_000);
  if (stepUpValid(me, now) && me.stepUp.expiresAt) {
    return (
      <span
        data-testid="step-up-indicator"
        className="hidden items-center gap-1.5 rounded-md px-2 py-1 text-xs whitespace-nowrap text-emerald-700 sm:inline-flex dark:text-emerald-400"
      >
        <ShieldCheck className="size-3.5" aria-hidden />
        Step-up valid until {clockTime(me.stepUp.expiresAt)}
      </span>
    );
  }
  return (
    <Button
      size="sm"
      variant="ghost"
      data-testid="step-up-indicator"
      className="text-amber-700 dark:text-amber-400"
      onClick={() => void requireStepUp(me.stepUp.enrolled).catch(() => {})}
    >
      <ShieldAlert className="size-3.5" aria-hidden />
      Step-up needed
    </Button>
  );
}

export function TopBar({
  me,
  onSignOut,
  onOpenPalette,
  onOpenNav,
}: {
  me: MeResponse;
  onSignOut: () => void;
  onOpenPalette: () => void;
  onOpenNav: () => void;
}) {
  const theme = useTheme();
  return (
    <header className="flex h-12 shrink-0 items-center justify-between gap-2 border-b border-zinc-200 bg-white/80 px-2 backdrop-blur sm:gap-3 sm:px-4 dark:border-zinc-800 dark:bg-zinc-950/80">
      <div className="flex items-center gap-1">
        <Button
          size="sm"
          variant="ghost"
          className="lg:hidden"
          aria-label="Open navigation"
          onClick={onOpenNav}
        >
          <Menu className="size-4" aria-hidden />
        </Button>
        <button
          aria-label="Command palette (Ctrl K)"
          type="button"
          onClick={onOpenPalette}
          className="inline-flex h-7 items-center gap-2 whitespace-nowrap xl:w-56 rounded-md border border-zinc-200 px-2 text-xs text-zinc-400 hover:border-zinc-300 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-800 dark:hover:border-zinc-700"
        >
          <CommandIcon className="size-3.5" aria-hidden />
          <span className="hidden flex-1 text-left xl:inline">Search or jump to…</span>
          <kbd className="hidden rounded border border-zinc-200 px-1 font-sans text-[10px] sm:inline dark:border-zinc-700">
            Ctrl K
          </kbd>
        </button>
      </div>
      <div className="flex items-center gap-1">
        <StepUpIndicator me={me} />
        <Button
          size="sm"
          variant="ghost"
          onClick={toggleTheme}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        >
          {theme === 'dark' ? (
            <Sun className="size-4" aria-hidden />
          ) : (
            <Moon className="size-4" aria-hidden />
          )}
        </Button>
        <div className="mx-2 hidden text-right leading-tight md:block" data-testid="staff-identity">
          <p
            className="max-w-56 truncate text-xs font-medium text-zinc-800 dark:text-zinc-200"
            title={me.user.email}
          >
            {me.user.email}
          </p>
          <p className="text-[11px] text-zinc-500 capitalize">{roleLabel(me.role)}</p>
        </div>
        <Button size="sm" variant="ghost" onClick={onSignOut} aria-label="Sign out">
          <LogOut className="size-3.5" aria-hidden />
          <span className="hidden sm:inline">Sign out</span>
        </Button>
      </div>
    </header>
  );
}
