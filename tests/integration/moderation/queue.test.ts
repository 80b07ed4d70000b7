import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { runHealthPulse } from '../../../src/server/modules/signals/pulse.ts';
import { SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let moderator: string;
let superAdmin: string;
let admin: string;
let flagged: { post: string; author: string; unflagged: string };

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 40 });
  await seedDemoCommunity(t.database, { people: 40, stones: 50, posts: 300 });
  moderator = (await staffCookie(t, 'moderator')).cookie;
  superAdmin = (await staffCookie(t, 'super_admin')).cookie;
  admin = (await staffCookie(t, 'admin')).cookie;
  // A post of our own, flagged twice, whose text carries an email and an IP.
  const [row] = await t.database.sql.query<{ post: string; author: string; unflagged: string }>(`
    WITH a AS (SELECT id FROM users WHERE email LIKE '%@demo-members.test' AND status = 'active' ORDER BY id LIMIT 3),
    p AS (INSERT INTO posts (author_id, body, created_at)
          SELECT (SELECT id FROM a ORDER BY id LIMIT 1),
                 'Write to me at someone.private@example.com, I was on 198.51.100.77 all week.', now() - interval '400 days'
          RETURNING id, author_id),
    q AS (INSERT INTO posts (author_id, body) SELECT (SELECT id FROM a ORDER BY id LIMIT 1), 'Unflagged diary entry' RETURNING id),
    f AS (INSERT INTO post_flags (post_id, reporter_id, reason, note, created_at)
          SELECT p.id, a.id, 'harassment', 'see reporter@example.com', now() - interval '300 days'
            FROM p, a WHERE a.id <> p.author_id RETURNING 1)
    SELECT p.id::text AS post, p.author_id::text AS author, q.id::text AS unflagged, (SELECT count(*) FROM f) AS n FROM p, q`);
  flagged = row!;
}, 120_000);
afterAll(async () => t?.close());

const queue = (cookie: string, query = '') =>
  call(t, { method: 'GET', url: `/api/admin/moderation/queue${query}`, cookie });
const act = (cookie: string, post: string, payload: object, key?: string) =>
  call(t, {
    method: 'POST',
    url: `/api/admin/moderation/posts/${post}/actions`,
    cookie,
    payload,
    headers: key ? { 'idempotency-key': key } : {},
  });

describe('moderation queue', () => {
  it('groups open flags by post, oldest first, masking emails and IPs without view_pii', async () => {
    const response = await queue(moderator, '?pageSize=100');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.openFlags).toBeGreaterThan(20);
    const first = body.items[0];
    expect(first.post.id).toBe(flagged.post);
    expect(first.flags).toHaveLength(2);
    expect(first.reasons).toEqual(['harassment']);
    expect(first.post.excerpt).toContain('s***@example.com');
    expect(first.post.excerpt).toContain('198.51.100.xxx');
    expect(first.flags[0].note).toBe('see r***@example.com');
    const times = body.items.map((item: { firstFlaggedAt: string }) => item.firstFlaggedAt);
    expect([...times].sort()).toEqual(times);

    const full = (await queue(superAdmin, '?pageSize=1')).json().items[0];
    expect(full.post.excerpt).toContain('someone.private@example.com');
    expect((await queue(superAdmin, '?reason=nonsense')).statusCode).toBe(400);
  });

  it('shows a flagged post in full only, writing post.viewed; an unflagged post is 404', async () => {
    const view = (post: string) =>
      call(t, { method: 'POST', url: `/api/admin/moderation/posts/${post}/view`, cookie: moderator });
    const shown = await view(flagged.post);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().body).toContain('s***@example.com');
    expect((await eventsOfType(t, 'post.viewed')).map((event) => event.subject_id)).toContain(flagged.post);
    expect((await view(flagged.unflagged)).statusCode).toBe(404);
  });

  it('hides, restores, removes (reason required) and dismisses, each once and audited', async () => {
    const { items } = (await queue(moderator, '?pageSize=100')).json();
    const other = items[1].post.id;
    const hidden = await act(moderator, other, { action: 'hide' }, 'hide-1');
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).toMatchObject({ post: { status: 'hidden' } });
    expect(hidden.json().resolvedFlags).toBe(0);
    expect((await act(moderator, other, { action: 'hide' }, 'hide-1')).json()).toEqual(hidden.json());
    const again = await act(moderator, other, { action: 'hide' });
    expect(again.statusCode).toBe(409);
    expect(again.json().details.status).toBe('hidden');
    expect((await act(moderator, other, { action: 'restore' })).json().post.status).toBe('visible');
    const noReason = await act(moderator, other, { action: 'remove' });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json())).toContain('reason');
    expect((await act(moderator, other, { action: 'remove', reason: 'doxxing' })).json().post.status).toBe(
      'removed',
    );
    const third = items[2].post.id;
    expect((await act(moderator, third, { action: 'dismiss' })).statusCode).toBe(200);
    expect((await act(moderator, third, { action: 'dismiss' })).statusCode).toBe(409);
    for (const type of ['post.hidden', 'post.restored', 'post.removed', 'post.flags_dismissed']) {
      const events = await eventsOfType(t, type);
      expect(events.length, type).toBeGreaterThan(0);
      expect(JSON.stringify(events)).not.toContain('Write to me');
    }
    const remaining = (await queue(moderator, '?pageSize=100'))
      .json()
      .items.map((item: { post: { id: string } }) => item.post.id);
    expect(remaining).not.toContain(other);
    expect(remaining).not.toContain(third);
    expect((await act(moderator, flagged.unflagged, { action: 'hide' })).statusCode).toBe(404);
    expect((await act(moderator, other, { action: 'hide', reason: 'a\u0000b' })).statusCode).toBe(400);
  });

  it('suspends the author through the Users action (manage_users): a moderator gets 403', async () => {
    const suspend = (cookie: string) =>
      call(t, {
        method: 'POST',
        url: `/api/admin/moderation/posts/${flagged.post}/suspend-author`,
        cookie,
        payload: { reason: 'repeated harassment' },
      });
    expect((await suspend(moderator)).statusCode).toBe(403);
    const done = await suspend(admin);
    expect(done.statusCode).toBe(200);
    expect(done.json().user).toMatchObject({ id: flagged.author, status: 'suspended' });
    const events = await eventsOfType(t, 'user.suspended');
    expect(events.at(-1)!.payload.reason).toContain(flagged.post);
    expect((await suspend(admin)).statusCode).toBe(409);
  });

  it('opens a mission card when open flags wait longer than the backlog threshold', async () => {
    const result = await runHealthPulse(t.database, { ...SYSTEM_CONTEXT, requestId: 'test:flag-backlog' });
    const card = result.opened.find((mission) => mission.signalKey === 'flag_backlog');
    expect(card?.title).toMatch(/flags waiting over 48 h in moderation/);
    expect(card?.evidence).toMatchObject({ posts: expect.any(Number) });
  });
});
