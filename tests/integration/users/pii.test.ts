import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  eventsOfType,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

/**
 * No answer of the Accounts API carries a full IP for a role without view_pii; the audited reveal is
 * the one way to see them.
 */
let t: TestApp;
let memberId: string;
let memberEmail: string;
const IPV4 = ['203.0.113.45', '198.51.100.201', '192.0.2.99'];
const IPV6 = ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:1234:5678:9abc:def0:1:2'];
const cookies: Record<string, { cookie: string; userId: string }> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ['support', 'admin', 'developer'] as const) {
    const staff = await staffCookie(t, role);
    cookies[role] = { cookie: staff.cookie, userId: staff.account.userId };
  }
  const member = await createMember(t);
  memberId = member.userId;
  memberEmail = member.email;
  const q = t.database.sql.query.bind(t.database.sql);
  await q(`UPDATE users SET last_ip = $2, last_login_at = now(), mfa_enabled = true WHERE id = $1`, [
    memberId,
    IPV4[0],
  ]);
  await q(
    `INSERT INTO sessions (token, user_id, expires_at, ip, user_agent)
     VALUES ($1, $3, now() + interval '1 day', $4, 'Browser'), ($2, $3, now() + interval '1 day', $5, 'Phone')`,
    [randomUUID(), randomUUID(), memberId, IPV4[1], IPV6[0]],
  );
  for (const ip of [IPV4[2], IPV6[1], IPV4[0]])
    await q(
      `INSERT INTO login_events (user_id, email, provider, method, success, ip) VALUES ($1, $2, 'password', 'signin', true, $3)`,
      [memberId, memberEmail, ip],
    );
});
afterAll(async () => t?.close());

/** Any full IPv4 (all four octets) or any seeded IPv6 in an answer. */
function leaks(text: string): string[] {
  const found = [...text.matchAll(/\b\d{1,3}(\.\d{1,3}){3}\b/g)].map((match) => match[0]);
  for (const ip of [...IPV4, ...IPV6]) if (text.includes(ip)) found.push(ip);
  for (const ip of IPV6) {
    const groups = ip.split(':');
    if (text.includes(groups.slice(0, 5).join(':'))) found.push(`${ip} (5+ groups)`);
  }
  return found;
}

describe('PII: IPs are masked everywhere but the reveal', () => {
  for (const role of ['support', 'admin', 'developer'] as const) {
    it(`shows ${role} only masked IPs on every Accounts GET and in action answers`, async () => {
      const { cookie } = cookies[role]!;
      const answers: string[] = [];
      for (const url of [
        '/api/admin/users',
        `/api/admin/users?query=${encodeURIComponent(memberEmail)}`,
        `/api/admin/users?query=${encodeURIComponent(memberEmail)}&sort=email:asc`,
        `/api/admin/users/${memberId}`,
        `/api/admin/users/${memberId}/sessions`,
      ]) {
        const response = await call(t, { method: 'GET', url, cookie });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
        answers.push(response.body);
      }
      for (const route of t.app.routeTable) {
        if (route.method !== 'GET' || !route.url.startsWith('/api/admin/users')) continue;
        const url = route.url.replace(':id', memberId);
        const response = await call(t, { method: 'GET', url, cookie });
        answers.push(response.body);
      }
      if (role !== 'support') {
        const note = await call(t, {
          method: 'POST',
          url: `/api/admin/users/${memberId}/notes`,
          cookie,
          payload: { body: 'checked' },
        });
        expect(note.statusCode).toBe(200);
        await t.database.sql.query('UPDATE users SET mfa_enabled = true WHERE id = $1', [memberId]);
        const mfa = await call(t, {
          method: 'POST',
          url: `/api/admin/users/${memberId}/mfa/disable`,
          cookie,
        });
        expect(mfa.statusCode).toBe(200);
        answers.push(mfa.body);
      }
      for (const answer of answers) expect(leaks(answer)).toEqual([]);
      const full = answers.join('\n');
      expect(full).toContain('203.0.113.xxx');
      expect(full).toContain('2001:db8:85a3:8d3:xxxx:xxxx:xxxx:xxxx');
      expect(full).toContain('2001:db8:1234:5678:xxxx:xxxx:xxxx:xxxx');
    });
  }

  it('refuses the reveal to roles without view_pii', async () => {
    for (const role of ['support', 'admin'] as const) {
      const response = await call(t, {
        method: 'POST',
        url: `/api/admin/users/${memberId}/reveal`,
        cookie: cookies[role]!.cookie,
        payload: { field: 'ip', reason: 'curious' },
      });
      expect(response.statusCode).toBe(403);
      expect(leaks(response.body)).toEqual([]);
    }
  });

  it("reveals a developer the member's full IPs and writes pii.revealed in the same breath", async () => {
    const developer = cookies.developer!;
    const before = (await eventsOfType(t, 'pii.revealed')).length;
    const response = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${memberId}/reveal`,
      cookie: developer.cookie,
      payload: { field: 'ip', reason: 'account takeover investigation' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.lastIp).toBe(IPV4[0]);
    expect(body.sessions.map((s: { ip: string }) => s.ip).sort()).toEqual([IPV4[1], IPV6[0]].sort());
    expect(body.loginEvents.map((e: { ip: string }) => e.ip).sort()).toEqual(
      [IPV4[2], IPV6[1], IPV4[0]].sort(),
    );
    const events = await eventsOfType(t, 'pii.revealed');
    expect(events.length - before).toBe(1);
    const event = events.reduce((newest, row) => (BigInt(row.id) > BigInt(newest.id) ? row : newest));
    expect(event).toMatchObject({
      actor_id: developer.userId,
      actor_role: 'developer',
      subject_id: memberId,
      payload: { userId: memberId, field: 'ip', reason: 'account takeover investigation' },
    });
    expect(event.request_id).toBeTruthy();
  });

  it('validates the reveal: field must be ip, a reason is needed, the member must exist', async () => {
    const { cookie } = cookies.developer!;
    const reveal = (id: string, payload: object) =>
      call(t, { method: 'POST', url: `/api/admin/users/${id}/reveal`, cookie, payload });
    const field = await reveal(memberId, { field: 'email', reason: 'because' });
    expect(field.statusCode).toBe(400);
    expect(field.json().details[0].path).toBe('body.field');
    const reason = await reveal(memberId, { field: 'ip', reason: '' });
    expect(reason.json().details[0].path).toBe('body.reason');
    expect((await reveal(randomUUID(), { field: 'ip', reason: 'because' })).statusCode).toBe(404);
  });
});
