import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Issue 13 item 4: bad text is a 400 naming the field on every route, never a 500 from Postgres.
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await staffCookie(t, 'super_admin')).cookie;
});
afterAll(async () => t?.close());

function expectNamed(response: { statusCode: number; json(): unknown }, path: string) {
  expect(response.statusCode).toBe(400);
  const body = response.json() as { code: string; details: { path: string }[] };
  expect(body.code).toBe('bad_request');
  expect(body.details.map((detail) => detail.path)).toContain(path);
}

describe('NUL characters', () => {
  it('are refused in the public sign-in email, naming the field', async () => {
    const response = await call(t, {
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'a\u0000@example.test', password: 'whatever 123' },
    });
    expectNamed(response, 'body.email');
  });

  it('are refused in query filters (Users search, Audit type)', async () => {
    expectNamed(
      await call(t, { method: 'GET', url: '/api/admin/users?query=a%00b', cookie: admin }),
      'query.query',
    );
    expectNamed(
      await call(t, { method: 'GET', url: '/api/admin/events?type=x%00', cookie: admin }),
      'query.type',
    );
  });

  it('are refused in bodies, nested fields included (mission title, evidence, notes)', async () => {
    expectNamed(
      await call(t, {
        method: 'POST',
        url: '/api/admin/missions',
        cookie: admin,
        payload: { title: 'x\u0000' },
      }),
      'body.title',
    );
    expectNamed(
      await call(t, {
        method: 'POST',
        url: '/api/admin/missions',
        cookie: admin,
        payload: { title: 'fine', evidence: { list: ['ok', 'bad\u0000'] } },
      }),
      'body.evidence.list.1',
    );
    const member = await createStaff(t, 'support');
    expectNamed(
      await call(t, {
        method: 'POST',
        url: `/api/admin/users/${member.userId}/notes`,
        cookie: admin,
        payload: { body: 'note \u0000' },
      }),
      'body.body',
    );
  });

  it('are refused in path parameters', async () => {
    expectNamed(await call(t, { method: 'GET', url: '/api/admin/users/a%00b', cookie: admin }), 'params.id');
  });
});

describe('deep and huge bodies', () => {
  it('refuses a body nested 5,000 deep before parsing it, with a 400', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const url of ['/api/auth/sign-in/email', '/api/admin/missions']) {
      const response = await call(t, {
        method: 'POST',
        url,
        cookie: admin,
        headers: { 'content-type': 'application/json' },
        payload: deep,
      });
      expectNamed(response, 'body');
    }
    // Brackets inside strings are text, not nesting.
    const response = await call(t, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: admin,
      payload: { title: '['.repeat(100) },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a body over the limit with 413 in our shape', async () => {
    const response = await call(t, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: admin,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(2_000_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBeTypeOf('string');
  });
});
