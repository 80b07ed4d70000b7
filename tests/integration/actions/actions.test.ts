import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp({ MAX_GRANT_PER_CALL: '500' });
  admin = (await staffCookie(t, 'admin')).cookie;
});
afterAll(async () => t?.close());

const ledger = (userId: string) =>
  t.database.sql.query<{ amount: number }>('SELECT amount FROM token_ledger WHERE user_id = $1', [userId]);

describe('Grant Tokens', () => {
  it('previews the balance before and after, then grants through award_tokens and records it', async () => {
    const member = await createMember(t);
    const body = { userId: member.userId, amount: 250, reason: 'helped in the forum' };
    const preview = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens/preview',
      cookie: admin,
      payload: body,
    });
    expect(preview.json()).toMatchObject({
      balanceBefore: 0,
      balanceAfter: 250,
      maxPerCall: 500,
      user: { email: member.email },
    });
    expect(await ledger(member.userId)).toEqual([]);
    const granted = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens',
      cookie: admin,
      payload: body,
      headers: { 'idempotency-key': 'grant-a' },
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ balanceAfter: 250 });
    const [event] = await t.database.sql.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM events WHERE type = 'tokens.granted' AND subject_id = $1`,
      [member.userId],
    );
    expect(event!.payload).toMatchObject({ amount: 250, reason: 'helped in the forum', balanceAfter: 250 });
  });

  it('makes exactly one ledger row from 100 concurrent identical requests', async () => {
    const member = await createMember(t);
    const body = { userId: member.userId, amount: 100, reason: 'streak bonus' };
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(t, {
          method: 'POST',
          url: '/api/admin/actions/grant-tokens',
          cookie: admin,
          payload: body,
          headers: { 'idempotency-key': 'streak-1' },
        }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.json().ledgerId)).size).toBe(1);
    expect(await ledger(member.userId)).toEqual([{ amount: 100 }]);
    expect(
      await t.database.sql.query(`SELECT 1 FROM events WHERE type = 'tokens.granted' AND subject_id = $1`, [
        member.userId,
      ]),
    ).toHaveLength(1);
  });

  it('caps a grant at MAX_GRANT_PER_CALL, naming the field, and is for grant_tokens holders only', async () => {
    const member = await createMember(t);
    const over = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens',
      cookie: admin,
      payload: { userId: member.userId, amount: 501, reason: 'too generous' },
      headers: { 'idempotency-key': 'too-generous' },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().details).toEqual([{ path: 'body.amount', message: 'must be at most 500' }]);
    const keyless = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens',
      cookie: admin,
      payload: { userId: member.userId, amount: 5, reason: 'retried by a script' },
    });
    expect(keyless.statusCode).toBe(400);
    expect(keyless.json().details).toEqual([{ path: 'headers.idempotency-key', message: 'is required' }]);
    const negative = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens/preview',
      cookie: admin,
      payload: { userId: member.userId, amount: -5, reason: 'negative' },
    });
    expect(negative.json().details[0].path).toBe('body.amount');
    const developer = (await staffCookie(t, 'developer')).cookie;
    expect(
      (
        await call(t, {
          method: 'POST',
          url: '/api/admin/actions/grant-tokens',
          cookie: developer,
          payload: { userId: member.userId, amount: 5, reason: 'not mine' },
        })
      ).statusCode,
    ).toBe(403);
    expect(await ledger(member.userId)).toEqual([]);
  });
});

describe('Drift Scan', () => {
  it('reports positional skew per course and opens a card only for the drifting one', async () => {
    for (const [slug, skewed] of [
      ['balanced', false],
      ['skewed', true],
    ] as const) {
      const [course] = await t.database.sql.query<{ id: string }>(
        `INSERT INTO courses (slug, title) VALUES ($1, $1) RETURNING id`,
        [slug],
      );
      const [lesson] = await t.database.sql.query<{ id: string }>(
        `INSERT INTO lessons (course_id, position, title) VALUES ($1, 1, 'L') RETURNING id`,
        [course!.id],
      );
      const [quiz] = await t.database.sql.query<{ id: string }>(
        `INSERT INTO quizzes (lesson_id, title) VALUES ($1, 'Q') RETURNING id`,
        [lesson!.id],
      );
      for (let i = 0; i < 10; i++) {
        const position = skewed ? (i < 9 ? 0 : 1) : i % 2;
        await t.database.sql.query(
          `INSERT INTO quiz_questions (quiz_id, kind, prompt, options, correct_position) VALUES ($1, 'true_false', 'q', '["true","false"]', $2)`,
          [quiz!.id, position],
        );
      }
    }
    const operator = (await staffCookie(t, 'support')).cookie;
    const preview = (
      await call(t, { method: 'POST', url: '/api/admin/actions/drift-scan/preview', cookie: operator })
    ).json();
    expect(preview.courses).toEqual(
      expect.arrayContaining([
        { course: 'balanced', title: 'balanced', questions: 10, firstShare: 0.5, drifting: false },
        { course: 'skewed', title: 'skewed', questions: 10, firstShare: 0.9, drifting: true },
      ]),
    );
    const manual = (
      await call(t, {
        method: 'POST',
        url: '/api/admin/missions',
        cookie: operator,
        payload: { title: 'unrelated' },
      })
    ).json().mission;
    const scan = (
      await call(t, { method: 'POST', url: '/api/admin/actions/drift-scan', cookie: operator })
    ).json();
    expect(scan.opened.map((mission: { signalKey: string }) => mission.signalKey)).toEqual([
      'quiz_drift:skewed',
    ]);
    expect(scan.cleared).toEqual([]);
    expect(
      (await call(t, { method: 'GET', url: `/api/admin/missions/${manual.id}`, cookie: operator })).json()
        .mission.status,
    ).toBe('DETECTED');
  });
});

describe('Morning Brief', () => {
  it('summarizes the last 24 hours in numbers and in a readable text', async () => {
    const member = await createMember(t);
    await t.database.sql.query(
      `INSERT INTO login_events (user_id, email, provider, method, success) VALUES ($1, $2, 'password', 'signin', true)`,
      [member.userId, member.email],
    );
    await t.database.sql.query(`INSERT INTO orders (user_id, number, total) VALUES ($1, 'MB-1', 49.90)`, [
      member.userId,
    ]);
    const viewer = (await staffCookie(t, 'moderator')).cookie;
    const brief = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/morning-brief/preview',
      cookie: viewer,
    });
    expect(brief.statusCode).toBe(200);
    const body = brief.json();
    expect(body.signUps).toBeGreaterThanOrEqual(1);
    expect(body.signIns.ok).toBeGreaterThanOrEqual(1);
    expect(body.orders.count).toBeGreaterThanOrEqual(1);
    expect(body.text).toMatch(/^Morning Brief — last 24 hours/);
    expect(body.text).toMatch(/Shop: \d+ orders? worth/);
  });
});

describe('ids that are not version-4 UUIDs', () => {
  it('accepts any UUID-shaped id (the demo seed derives ids from md5)', async () => {
    const [member] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO users (id, email, name) VALUES (md5('demo-member-guid')::uuid, 'guid@demo-members.test', 'Guid') RETURNING id::text AS id`,
    );
    expect(member!.id).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    const preview = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens/preview',
      cookie: admin,
      payload: { userId: member!.id, amount: 5, reason: 'demo member' },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(
      (await call(t, { method: 'GET', url: `/api/admin/users/${member!.id}`, cookie: admin })).statusCode,
    ).toBe(200);
  });
});
