import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, ROLES, type Role } from '../../../src/contracts/permissions.ts';
import { guardPlugin } from '../../../src/server/platform/auth/guard.ts';
import { recordRoutes } from '../../../src/server/platform/route-table.ts';
import type { RouteEntry } from '../../../src/server/platform/types.ts';
import {
  call,
  createMember,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

/**
 * Walks every route Fastify registered (app.routeTable records them all from the first, guarded or
 * not) for every kind of caller and checks the guard the route declares:
 * anonymous → 401, a member → 403 (unless the route is for any signed-in account), each staff role →
 * 403 exactly when the role lacks the permission. Allowed callers send input that fails validation
 * where the route takes input, so the walk changes nothing.
 */
let t: TestApp;
const identities: { name: string; role: Role | 'member' | 'anonymous'; cookie?: string }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  identities.push({ name: 'anonymous', role: 'anonymous' });
  const member = await createMember(t);
  identities.push({ name: 'member', role: 'member', cookie: await sessionCookie(t, member.userId) });
  for (const role of ROLES)
    identities.push({ name: role, role, cookie: (await staffCookie(t, role)).cookie });
});
afterAll(async () => t?.close());

function concreteUrl(url: string): string {
  return url.replace(/:[a-zA-Z]+/g, '1').replace('*', 'rbac-walk');
}

// Input that passes no validator: the walk must not change anything it is allowed to reach.
const INVALID_QUERY: Record<string, string> = {
  '/api/admin/stream': '?lastEventId=not-a-number',
  '/api/admin/events/export': '?format=not-a-format',
  '/api/admin/events': '?limit=0',
};

/** The /api routes that declare no guard, as `METHOD url`. */
function unguarded(routes: RouteEntry[]): string[] {
  return routes
    .filter((route) => route.url.startsWith('/api') && !route.guard)
    .map((route) => `${route.method} ${route.url}`);
}

describe('every route declares its guard', () => {
  it('has a guard on every /api route Fastify registered', () => {
    const apiRoutes = t.app.routeTable.filter((route) => route.url.startsWith('/api'));
    expect(apiRoutes.length).toBeGreaterThan(8);
    expect(apiRoutes.map((route) => `${route.method} ${route.url}`)).toContain('POST /api/auth/*');
    expect(unguarded(t.app.routeTable)).toEqual([]);
  });

  it('sees a route the guard never checked (registered before the guard), with no guard', async () => {
    const app = Fastify();
    const routeTable = recordRoutes(app);
    app.get('/api/admin/sneaky', async () => ({}));
    app.decorate('mc', t.app.mc);
    await app.register(guardPlugin);
    await app.register(async (scope) => {
      scope.get('/api/admin/guarded', { config: { guard: 'view_users' } }, async () => ({}));
    });
    await app.ready();
    expect(routeTable().map((route) => `${route.method} ${route.url}`)).toEqual([
      'GET /api/admin/sneaky',
      'GET /api/admin/guarded',
    ]);
    expect(unguarded(routeTable())).toEqual(['GET /api/admin/sneaky']);
    await app.close();
  });

  it('answers each route for anonymous, a member and every staff role as its guard says', async () => {
    const failures: string[] = [];
    for (const route of t.app.routeTable) {
      if (route.guard === 'public' || !route.url.startsWith('/api')) continue;
      if (!route.guard) {
        failures.push(`${route.method} ${route.url}: declares no guard`);
        continue;
      }
      for (const identity of identities) {
        const response = await call(t, {
          method: route.method as 'GET',
          url: concreteUrl(route.url) + (INVALID_QUERY[route.url] ?? ''),
          cookie: identity.cookie,
          ...(route.method === 'GET' ? {} : { payload: { __invalid: true } }),
        });
        let expected: 'allowed' | 401 | 403;
        if (identity.role === 'anonymous') expected = 401;
        else if (route.guard === 'signed_in') expected = 'allowed';
        else if (identity.role === 'member') expected = 403;
        else if (route.guard === 'staff') expected = 'allowed';
        else expected = hasPermission(identity.role, route.guard) ? 'allowed' : 403;
        const status = response.statusCode;
        const ok =
          expected === 'allowed' ? status !== 401 && status !== 403 && status < 500 : status === expected;
        if (!ok)
          failures.push(
            `${route.method} ${route.url} as ${identity.name}: got ${status}, expected ${expected}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('asks every staff role for a step-up before any permission route, without revealing the answer', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const { account } = await staffCookie(t, role);
      const stale = await sessionCookie(t, account.userId, { steppedUp: false });
      for (const route of t.app.routeTable) {
        if (!route.url.startsWith('/api')) continue;
        if (!route.guard) {
          failures.push(`${route.method} ${route.url}: declares no guard`);
          continue;
        }
        if (['public', 'signed_in', 'staff'].includes(route.guard)) continue;
        const response = await call(t, {
          method: route.method as 'GET',
          url: concreteUrl(route.url) + (INVALID_QUERY[route.url] ?? ''),
          cookie: stale,
          ...(route.method === 'GET' ? {} : { payload: { __invalid: true } }),
        });
        if (response.statusCode !== 401 || response.json().code !== 'step_up_required') {
          failures.push(`${route.method} ${route.url} as ${role} (stale): got ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('records a 403 to a staff member as an authz.denied event', async () => {
    const support = identities.find((identity) => identity.role === 'support')!;
    const response = await call(t, { method: 'GET', url: '/api/admin/events', cookie: support.cookie });
    expect(response.statusCode).toBe(403);
    const rows = await t.database.sql.query<{
      actor_role: string;
      subject_id: string;
      payload: { permission: string };
    }>(
      `SELECT actor_role, subject_id, payload FROM events WHERE type = 'authz.denied' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({
      actor_role: 'support',
      subject_id: 'GET /api/admin/events',
      payload: { permission: 'view_audit' },
    });
  });

  it('refuses to register an /api route that declares no guard', async () => {
    const app = Fastify();
    app.decorate('mc', t.app.mc);
    await app.register(guardPlugin);
    await expect(
      app.register(async (scope) => {
        scope.get('/api/admin/unguarded', async () => ({}));
      }),
    ).rejects.toThrow(/must declare config.guard/);
    await app.close();
  });
});
