import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { Lock } from 'lucide-react';
import type { ComponentType } from 'react';
import type { Permission } from '../contracts/permissions.ts';
import { ConsoleLayout } from './components/console-layout.tsx';
import { Card } from './components/ui/card.tsx';
import { EmptyState } from './components/ui/states.tsx';
import { parseAuditSearch } from './modules/audit/audit.api.ts';
import { AuditPage } from './modules/audit/audit-page.tsx';
import { can, useMe } from './modules/auth/auth.api.ts';
import { SignInPage } from './modules/auth/sign-in-page.tsx';
import { OverviewPage } from './modules/overview/overview-page.tsx';
import { SystemPage } from './modules/system/system-page.tsx';

/** A page only a role with `permission` may see; others get a calm "no access" card. */
function guarded(permission: Permission, Page: ComponentType) {
  return function GuardedPage() {
    const me = useMe().data;
    if (!can(me, permission)) {
      return (
        <Card className="mx-auto max-w-lg">
          <EmptyState
            title="You don’t have access to this page"
            action={<Lock className="size-4 text-zinc-400" aria-hidden />}
          >
            Your role lacks the {permission} permission.
          </EmptyState>
        </Card>
      );
    }
    return <Page />;
  };
}

const rootRoute = createRootRoute({ component: Outlet });

const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });

const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_console',
  component: ConsoleLayout,
});

const overviewRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/',
  component: guarded('view_activity', OverviewPage),
});

const auditRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/audit',
  validateSearch: parseAuditSearch,
  component: guarded('view_audit', AuditPage),
});

const systemRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/system',
  component: guarded('view_system', SystemPage),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  consoleRoute.addChildren([overviewRoute, auditRoute, systemRoute]),
]);

export const router = createRouter({ routeTree, defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
