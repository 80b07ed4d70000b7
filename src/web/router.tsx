import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { Lock } from 'lucide-react';
import type { ComponentType } from 'react';
import type { Permission } from '../contracts/permissions.ts';
import { ConsoleLayout } from './components/console-layout.tsx';
import { Card } from './components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from './components/ui/states.tsx';
import { ACTIONS_PERMISSIONS } from './lib/nav.ts';
import { parseAnalyticsSearch } from './modules/analytics/analytics.api.ts';
import { parseAuditSearch } from './modules/audit/audit.api.ts';
import { can, useMe } from './modules/auth/auth.api.ts';
import { SignInPage } from './modules/auth/sign-in-page.tsx';
import { parseCampaignsSearch } from './modules/campaigns/campaigns.api.ts';
import {
  parseCategoriesSearch,
  parseProductsSearch,
  parseSubmissionsSearch,
} from './modules/catalog/catalog.api.ts';
import { AccountPage } from './modules/member/account-page.tsx';
import { ResetPasswordPage } from './modules/member/reset-password-page.tsx';
import { parseActionsSearch } from './modules/missions/from-mission.tsx';
import { parseMissionsSearch } from './modules/missions/missions.api.ts';
import { parseOrdersSearch } from './modules/orders/orders.api.ts';
import { OverviewPage } from './modules/overview/overview-page.tsx';
import { parseStonesSearch } from './modules/stones/stones.api.ts';
import { parseStripeSearch } from './modules/stripe/stripe.api.ts';
import { parseTeamsSearch } from './modules/teams/teams.api.ts';
import { parseUsersSearch } from './modules/users/users.api.ts';

/**
 * A page only a role with `permission` may see; others get a calm "no access" card. A lazy page's
 * `preload` is passed on, so the router fetches its chunk while the route loads.
 */
function guarded(
  permission: Permission | Permission[],
  Page: ComponentType & { preload?: () => Promise<void> | undefined },
) {
  const anyOf = Array.isArray(permission) ? permission : [permission];
  return Object.assign(GuardedPage, { preload: Page.preload });
  function GuardedPage() {
    const me = useMe().data;
    if (!anyOf.some((each) => can(me, each))) {
      return (
        <Card className="mx-auto max-w-lg">
          <EmptyState
            title="You don’t have access to this page"
            action={<Lock className="size-4 text-zinc-400" aria-hidden />}
          >
            Your role lacks the {anyOf.join(' or ')} permission.
          </EmptyState>
        </Card>
      );
    }
    return <Page />;
  }
}

/** While a page's code arrives: the console stays, the page area shows placeholders. */
function PagePending() {
  return (
    <Card>
      <SkeletonRows rows={8} label="Loading page" />
    </Card>
  );
}

/** A page that failed to load (its code, usually after a new version was deployed). */
function PageError({ error }: { error: unknown }) {
  return (
    <Card className="mx-auto max-w-lg">
      <ErrorState error={error} title="This page could not load" onRetry={() => window.location.reload()} />
    </Card>
  );
}

// Each console page but the overview is its own chunk, loaded when first opened: the board's
// drag-and-drop and the users table are not part of the first load.
const ActionsPage = lazyRouteComponent(() => import('./modules/actions/actions-page.tsx'), 'ActionsPage');
const AnalyticsPage = lazyRouteComponent(
  () => import('./modules/analytics/analytics-page.tsx'),
  'AnalyticsPage',
);
const AuditPage = lazyRouteComponent(() => import('./modules/audit/audit-page.tsx'), 'AuditPage');
const MissionsPage = lazyRouteComponent(() => import('./modules/missions/missions-page.tsx'), 'MissionsPage');
const OrdersPage = lazyRouteComponent(() => import('./modules/orders/orders-page.tsx'), 'OrdersPage');
const StripePage = lazyRouteComponent(() => import('./modules/stripe/stripe-page.tsx'), 'StripePage');
const SystemPage = lazyRouteComponent(() => import('./modules/system/system-page.tsx'), 'SystemPage');
const UsersPage = lazyRouteComponent(() => import('./modules/users/users-page.tsx'), 'UsersPage');
const ProductsPage = lazyRouteComponent(() => import('./modules/catalog/products-page.tsx'), 'ProductsPage');
const CategoriesPage = lazyRouteComponent(
  () => import('./modules/catalog/categories-page.tsx'),
  'CategoriesPage',
);
const SubmissionsPage = lazyRouteComponent(
  () => import('./modules/catalog/submissions-page.tsx'),
  'SubmissionsPage',
);
const StonesPage = lazyRouteComponent(() => import('./modules/stones/stones-page.tsx'), 'StonesPage');
const StonePage = lazyRouteComponent(() => import('./modules/stones/stone-page.tsx'), 'StonePage');
const ModerationPage = lazyRouteComponent(
  () => import('./modules/moderation/moderation-page.tsx'),
  'ModerationPage',
);
const TeamsPage = lazyRouteComponent(() => import('./modules/teams/teams-page.tsx'), 'TeamsPage');
const CampaignsPage = lazyRouteComponent(
  () => import('./modules/campaigns/campaigns-page.tsx'),
  'CampaignsPage',
);
const HomePage = lazyRouteComponent(() => import('./modules/home/home-page.tsx'), 'HomePage');
const SheetPage = lazyRouteComponent(() => import('./modules/stones/sheet-page.tsx'), 'SheetPage');

const rootRoute = createRootRoute({ component: Outlet });

const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });

// The member page lives outside the staff console: no staff layout, no step-up, no redirect on 401.
const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account',
  component: AccountPage,
});
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string; error?: string } => ({
    ...(typeof search.token === 'string' ? { token: search.token } : {}),
    ...(typeof search.error === 'string' ? { error: search.error } : {}),
  }),
  component: ResetPasswordPage,
});

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

const missionsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/missions',
  validateSearch: parseMissionsSearch,
  component: guarded('view_activity', MissionsPage),
});

const actionsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/actions',
  validateSearch: parseActionsSearch,
  component: guarded(ACTIONS_PERMISSIONS, ActionsPage),
});

const usersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/users',
  validateSearch: parseUsersSearch,
  component: guarded('view_users', UsersPage),
});

const auditRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/audit',
  validateSearch: parseAuditSearch,
  component: guarded('view_audit', AuditPage),
});

const analyticsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/analytics',
  validateSearch: parseAnalyticsSearch,
  component: guarded('view_analytics', AnalyticsPage),
});

const systemRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/system',
  component: guarded('view_system', SystemPage),
});

const productsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/products',
  validateSearch: parseProductsSearch,
  component: guarded('view_catalog', ProductsPage),
});

const categoriesRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/categories',
  validateSearch: parseCategoriesSearch,
  component: guarded('view_catalog', CategoriesPage),
});

const submissionsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/submissions',
  validateSearch: parseSubmissionsSearch,
  component: guarded('view_catalog', SubmissionsPage),
});

const stripeRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/stripe',
  validateSearch: parseStripeSearch,
  component: guarded('manage_payments', StripePage),
});

const ordersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/orders',
  validateSearch: parseOrdersSearch,
  component: guarded('view_users', OrdersPage),
});

const stonesRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/stones',
  validateSearch: parseStonesSearch,
  component: guarded('view_users', StonesPage),
});
const stoneRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/stones/$id',
  component: guarded('view_users', StonePage),
});
const sheetRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/stones/batches/$id/sheet',
  component: guarded('generate_qr', SheetPage),
});

const moderationRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/moderation',
  component: guarded('moderate_content', ModerationPage),
});

const teamsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/teams',
  validateSearch: parseTeamsSearch,
  component: guarded('view_users', TeamsPage),
});
const campaignsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/campaigns',
  validateSearch: parseCampaignsSearch,
  component: guarded('view_users', CampaignsPage),
});

// The seeds put the console at /admin: the home grid lives there, and /admin/<path> is <path>.
const adminRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/admin/$',
  beforeLoad: ({ params, location }) => {
    if (params._splat) throw redirect({ href: `/${params._splat}${location.searchStr}`, replace: true });
  },
  component: guarded('view_users', HomePage),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  accountRoute,
  resetPasswordRoute,
  consoleRoute.addChildren([
    overviewRoute,
    missionsRoute,
    actionsRoute,
    usersRoute,
    productsRoute,
    categoriesRoute,
    submissionsRoute,
    auditRoute,
    systemRoute,
    stripeRoute,
    ordersRoute,
    stonesRoute,
    stoneRoute,
    sheetRoute,
    moderationRoute,
    teamsRoute,
    campaignsRoute,
    adminRoute,
    analyticsRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: false,
  defaultPendingComponent: PagePending,
  defaultErrorComponent: PageError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
