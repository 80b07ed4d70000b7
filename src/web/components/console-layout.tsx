import { Outlet, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../lib/api.ts';
import { navFor } from '../lib/nav.ts';
import { startTicker } from '../lib/sse.ts';
import { requireStepUp } from '../lib/step-up.ts';
import { forgetConsole, stepUpValid, useMe, useSignOut } from '../modules/auth/auth.api.ts';
import { NotStaffPage } from '../modules/auth/not-staff-page.tsx';
import { CommandPalette } from './command-palette.tsx';
import { LiveTicker } from './live-ticker.tsx';
import { NavDrawer, SideNav } from './side-nav.tsx';
import { TopBar } from './top-bar.tsx';
import { ErrorState, Skeleton } from './ui/states.tsx';

/** The signed-in console: who you are decides the tabs; a stale step-up asks for a code first. */
export function ConsoleLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const data = me.data;
  const valid = stepUpValid(data);

  useEffect(() => {
    if (me.error instanceof ApiError && me.error.status === 401) void navigate({ to: '/sign-in' });
  }, [me.error, navigate]);

  // Ask for a code once on arrival when the step-up is stale; later expiries are met by the
  // calls that need it (and by the live stream), so a dismissed dialog does not pop back up.
  const prompted = useRef(false);
  useEffect(() => {
    if (!data) return;
    if (valid) startTicker();
    else if (!prompted.current) {
      prompted.current = true;
      requireStepUp(data.stepUp.enrolled).catch(() => {});
    }
  }, [data, valid]);

  const signOut = useSignOut((error) => {
    if (error) toast.error('Sign-out failed; your session may still be open');
    forgetConsole();
    void navigate({ to: '/sign-in' });
  });
  const doSignOut = () => signOut.mutate();

  if (me.error instanceof ApiError && me.error.status === 403) {
    return <NotStaffPage onSignedOut={() => void navigate({ to: '/sign-in' })} />;
  }
  if (me.error && !(me.error instanceof ApiError && me.error.status === 401)) {
    return (
      <ErrorState error={me.error} onRetry={() => void me.refetch()} title="Mission Control is unreachable" />
    );
  }
  if (!data) {
    return (
      <div className="flex h-screen" role="status" aria-label="Loading the console">
        <Skeleton className="hidden h-full w-52 rounded-none lg:block" />
        <div className="flex-1 space-y-3 p-6">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-40 w-full" />
        </div>
      </div>
    );
  }

  const items = navFor(data.permissions);
  return (
    <div className="flex h-screen overflow-hidden bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <SideNav items={items} />
      <NavDrawer items={items} open={navOpen} onOpenChange={setNavOpen} />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar
          me={data}
          onSignOut={doSignOut}
          onOpenPalette={() => setPaletteOpen(true)}
          onOpenNav={() => setNavOpen(true)}
        />
        <main className="relative min-w-0 flex-1 overflow-y-auto p-4 sm:p-6">
          <Outlet />
        </main>
      </div>
      <LiveTicker />
      <CommandPalette items={items} onSignOut={doSignOut} open={paletteOpen} setOpen={setPaletteOpen} />
    </div>
  );
}
