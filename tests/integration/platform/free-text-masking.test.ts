import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Issue 13 item 7: IPs written in free text reach roles without view_pii masked, on every path.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const LEAKS = ['198.51.100.23', '198.51.100.24', '198.51.100.25', '.100.26', '2001:db8:1:2:3:4:5:6'];
const TEXT =
  'attack from 198.51.100.23, ip198.51.100.24 198.51.100.25_x ::ffff:198.51.100.26 2001:db8:1:2:3:4:5:6';

function expectMasked(text: string) {
  for (const leak of LEAKS) expect(text).not.toContain(leak);
  expect(text).toContain('198.51.100.xxx');
}

describe('free text without view_pii', () => {
  it('masks IPs in User 360 notes for support and admin, not for a developer', async () => {
    const member = await createMember(t);
    const admin = await staffCookie(t, 'admin');
    const added = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${member.userId}/notes`,
      cookie: admin.cookie,
      payload: { body: TEXT },
    });
    expect(added.statusCode).toBe(200);
    expectMasked(added.body);
    for (const role of ['support', 'admin'] as const) {
      const { cookie } = await staffCookie(t, role);
      const user = await call(t, { method: 'GET', url: `/api/admin/users/${member.userId}`, cookie });
      expect(user.statusCode).toBe(200);
      expectMasked(JSON.stringify(user.json().notes));
    }
    const developer = await staffCookie(t, 'developer');
    const full = await call(t, {
      method: 'GET',
      url: `/api/admin/users/${member.userId}`,
      cookie: developer.cookie,
    });
    expect(full.json().notes[0].body).toBe(TEXT);
  });

  it('masks IPs in mission titles, the timeline, the Audit list and both exports', async () => {
    const admin = await staffCookie(t, 'admin');
    const created = await call(t, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: admin.cookie,
      payload: { title: TEXT.slice(0, 200), evidence: { seen: TEXT } },
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().mission.id as string;
    expectMasked(created.body);
    const board = await call(t, { method: 'GET', url: '/api/admin/missions', cookie: admin.cookie });
    expectMasked(board.body);
    const timeline = await call(t, {
      method: 'GET',
      url: `/api/admin/missions/${id}/timeline`,
      cookie: admin.cookie,
    });
    expect(timeline.statusCode).toBe(200);
    expectMasked(timeline.body);
    const events = await call(t, { method: 'GET', url: '/api/admin/events?limit=50', cookie: admin.cookie });
    expect(events.statusCode).toBe(200);
    expectMasked(events.body);
    for (const format of ['csv', 'jsonl']) {
      const exported = await call(t, {
        method: 'GET',
        url: `/api/admin/events/export?format=${format}`,
        cookie: admin.cookie,
      });
      expect(exported.statusCode, format).toBe(200);
      expectMasked(exported.body);
    }
  });
});
