import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCourses } from '../../../src/server/demo/courses.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/**
 * A newcomer on the demo (development, no SMTP_URL: the local outbox) can try every action end to
 * end: stragglers are reachable by mail, what is sent lands in the outbox, avatars load inline.
 */
const base = '/api/admin/actions/catch-stragglers';
let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp({ MAIL_OUTBOX: 'true' });
  await seedDemoMembers(t.database, { members: 400 });
  await seedDemoCourses(t.database);
  cookie = (await staffCookie(t, 'support')).cookie;
}, 120_000);
afterAll(async () => t?.close());

describe('the demo, tried by a newcomer', () => {
  it('has stragglers reachable by mail, and a sent message lands in the outbox', async () => {
    const preview = (await call(t, { method: 'POST', url: `${base}/preview?idleDays=7`, cookie })).json();
    expect(preview.stragglers.length).toBeGreaterThan(0);
    expect(preview.channels.email).toMatchObject({ configured: true });
    expect(preview.stragglers.filter((each: { channel: string | null }) => each.channel === null)).toEqual(
      [],
    );

    const [first] = preview.stragglers;
    const drafted = await call(t, {
      method: 'POST',
      url: `${base}/drafts`,
      cookie,
      payload: { drafts: [{ userId: first.userId, courseId: first.course.id, tone: 'encouraging' }] },
    });
    expect(drafted.statusCode, drafted.body).toBe(200);
    const draft = drafted.json().drafts[0];
    const approved = await call(t, {
      method: 'POST',
      url: `${base}/drafts/${draft.id}/approve`,
      cookie,
      payload: { version: draft.version },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const sent = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })
    ).json();
    expect(sent.results[0]).toMatchObject({ ok: true });

    const kept = await t.database.sql.query<{ to_address: string; body: string; status: string }>(
      `SELECT o.to_address, o.body, e.status FROM dev_outbox o JOIN emails e ON e.id = o.email_id`,
    );
    expect(kept).toEqual([{ to_address: first.email, body: draft.body, status: 'sent' }]);
  });

  it("gives Google members a picture that loads under the app's CSP (inline, no outside host)", async () => {
    const pictures = await t.database.sql.query<{ picture_url: string }>(
      `SELECT picture_url FROM users WHERE picture_url IS NOT NULL`,
    );
    expect(pictures.length).toBeGreaterThan(0);
    for (const { picture_url } of pictures) expect(picture_url).toMatch(/^data:image\/svg\+xml,/);
  });
});
