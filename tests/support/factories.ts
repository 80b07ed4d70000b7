import { randomUUID } from 'node:crypto';
import { createMember, type TestAccount, type TestApp } from './app.ts';

export type SeededMember = TestAccount & { sessionIds: string[] };

/**
 * A member written straight into the tables, for the Users tab: a last IP, live sessions (IP and
 * user agent) and login events, then the aggregate view refreshed so the list counts them.
 */
export async function seedMember(
  t: TestApp,
  options: {
    status?: 'active' | 'suspended' | 'deleted';
    lastIp?: string;
    sessions?: Array<{ ip: string; userAgent: string }>;
    loginEvents?: Array<{ ip: string; success: boolean }>;
  } = {},
): Promise<SeededMember> {
  const member = await createMember(t);
  const q = t.database.sql.query.bind(t.database.sql);
  await q(
    `UPDATE users SET status = $2, last_ip = $3, last_login_at = now() - interval '1 hour', auth_provider = 'password'
      WHERE id = $1`,
    [member.userId, options.status ?? 'active', options.lastIp ?? null],
  );
  const sessionIds: string[] = [];
  for (const [index, session] of (options.sessions ?? []).entries()) {
    const rows = await q<{ id: string }>(
      `INSERT INTO sessions (token, user_id, expires_at, ip, user_agent, created_at, last_seen_at)
       VALUES ($1, $2, now() + interval '1 day', $3, $4, now() - ($5 || ' hours')::interval, now())
       RETURNING id`,
      [randomUUID(), member.userId, session.ip, session.userAgent, String(index + 1)],
    );
    sessionIds.push(rows[0]!.id);
  }
  for (const event of options.loginEvents ?? []) {
    await q(
      `INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent)
       VALUES ($1, $2, 'password', 'signin', $3, $4, $5, 'e2e')`,
      [member.userId, member.email, event.success, event.success ? null : 'invalid_password', event.ip],
    );
  }
  await q('SELECT refresh_user_aggregate()');
  return { ...member, sessionIds };
}

/**
 * A course `Course <slug>` with `stuck` members enrolled 30 days ago and idle for 12: what Health
 * Pulse reports as stuck students. Returns the course id.
 */
export async function seedStuckCourse(t: TestApp, slug: string, stuck: number): Promise<string> {
  const [course] = await t.database.sql.query<{ id: string }>(
    `INSERT INTO courses (slug, title) VALUES ($1, $2) RETURNING id`,
    [slug, `Course ${slug}`],
  );
  for (let i = 0; i < stuck; i++) {
    const member = await createMember(t);
    await t.database.sql.query(
      `INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at) VALUES ($1, $2, now() - interval '30 days', now() - interval '12 days')`,
      [member.userId, course!.id],
    );
  }
  return course!.id;
}
