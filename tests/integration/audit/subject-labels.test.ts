import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/** Events name their subject as a person knows it (member, mission title), IPs masked without view_pii. */
let t: TestApp;
let admin: Awaited<ReturnType<typeof staffCookie>>;
let developer: Awaited<ReturnType<typeof staffCookie>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await staffCookie(t, 'admin');
  developer = await staffCookie(t, 'developer');
});
afterAll(async () => t?.close());

const eventsFor = async (cookie: string, subjectType: string, subjectId: string) =>
  (
    await call(t, {
      method: 'GET',
      url: `/api/admin/events?subjectType=${subjectType}&subjectId=${subjectId}`,
      cookie,
    })
  ).json().events;

describe('event subjects by name', () => {
  it("labels a member's events with their name and email, keeping the id", async () => {
    const member = await createMember(t);
    const note = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${member.userId}/notes`,
      cookie: admin.cookie,
      payload: { body: 'called back' },
    });
    expect(note.statusCode, note.body).toBe(200);
    const [event] = await eventsFor(admin.cookie, 'user', member.userId);
    expect(event).toMatchObject({
      subjectType: 'user',
      subjectId: member.userId,
      subjectLabel: `Test Member <${member.email}>`,
    });
  });

  it("labels a mission's events with its title, IPs in it masked for roles without view_pii", async () => {
    const created = await call(t, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: developer.cookie,
      payload: { title: 'Attack from 198.51.100.23' },
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().mission.id;
    const [asDeveloper] = await eventsFor(developer.cookie, 'mission', id);
    expect(asDeveloper.subjectLabel).toBe('Attack from 198.51.100.23');
    const [asAdmin] = await eventsFor(admin.cookie, 'mission', id);
    expect(asAdmin.subjectLabel).toBe('Attack from 198.51.100.xxx');
    expect(asAdmin.subjectId).toBe(id);
  });

  it('has no label for a subject without a page (or a malformed id)', async () => {
    const [row] = await t.database.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM events WHERE subject_type IS NULL OR subject_type NOT IN ('user', 'mission') LIMIT 1`,
    );
    if (row) {
      const listed = (
        await call(t, { method: 'GET', url: '/api/admin/events?limit=500', cookie: admin.cookie })
      )
        .json()
        .events.find((event: { id: string }) => event.id === row.id);
      expect(listed.subjectLabel).toBeNull();
    }
  });
});
