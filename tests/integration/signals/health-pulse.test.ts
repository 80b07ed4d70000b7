import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { seedStuckCourse } from '../../support/factories.ts';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  cookie = (await staffCookie(t, 'support')).cookie;
});
afterAll(async () => t?.close());

const pulse = () => call(t, { method: 'POST', url: '/api/admin/actions/health-pulse', cookie });
const openCards = async (key: string) =>
  t.database.sql.query<{ id: string; status: string; signal_cleared_at: Date | null }>(
    `SELECT id::text AS id, status, signal_cleared_at FROM missions WHERE signal_key = $1 ORDER BY created_at`,
    [key],
  );

describe('Health Pulse', () => {
  it('previews without writing, then opens one card per signal and never duplicates on rerun', async () => {
    const courseId = await seedStuckCourse(t, 'vibe-101', 5);
    const preview = await call(t, { method: 'POST', url: '/api/admin/actions/health-pulse/preview', cookie });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().opened.map((card: { signalKey: string }) => card.signalKey)).toContain(
      'stuck_students:vibe-101',
    );
    expect(await openCards('stuck_students:vibe-101')).toEqual([]);

    const first = (await pulse()).json();
    expect(first.opened.map((card: { signalKey: string }) => card.signalKey)).toContain(
      'stuck_students:vibe-101',
    );
    const card = first.opened.find(
      (mission: { signalKey: string }) => mission.signalKey === 'stuck_students:vibe-101',
    );
    expect(card).toMatchObject({
      status: 'DETECTED',
      title: '5 students stuck in Course vibe-101',
      evidence: { stuck: 5, courseId },
    });
    const second = (await pulse()).json();
    expect(second.opened).toEqual([]);
    expect(await openCards('stuck_students:vibe-101')).toHaveLength(1);
    const timeline = (
      await call(t, { method: 'GET', url: `/api/admin/missions/${card.id}/timeline`, cookie })
    ).json();
    expect(timeline.events[0]).toMatchObject({
      type: 'mission.created',
      payload: { source: 'signal', detector: 'stuck_students' },
    });
  });

  it('says when a signal clears, and opens a new card if it returns after the old one shipped', async () => {
    const courseId = await seedStuckCourse(t, 'vibe-202', 6);
    await pulse();
    const [card] = await openCards('stuck_students:vibe-202');
    await t.database.sql.query(`UPDATE enrollments SET last_activity_at = now() WHERE course_id = $1`, [
      courseId,
    ]);
    const cleared = (await pulse()).json();
    expect(cleared.cleared.map((mission: { id: string }) => mission.id)).toContain(card!.id);
    expect((await openCards('stuck_students:vibe-202'))[0]!.signal_cleared_at).not.toBeNull();

    const current = (await call(t, { method: 'GET', url: `/api/admin/missions/${card!.id}`, cookie })).json()
      .mission;
    await call(t, {
      method: 'PATCH',
      url: `/api/admin/missions/${card!.id}`,
      cookie,
      payload: { version: current.version, status: 'SHIPPED' },
    });
    await t.database.sql.query(
      `UPDATE enrollments SET last_activity_at = now() - interval '20 days' WHERE course_id = $1`,
      [courseId],
    );
    const reopened = (await pulse()).json();
    expect(reopened.opened.map((mission: { signalKey: string }) => mission.signalKey)).toContain(
      'stuck_students:vibe-202',
    );
    const cards = await openCards('stuck_students:vibe-202');
    expect(cards.map((row) => row.status)).toEqual(['SHIPPED', 'DETECTED']);
  });

  it('spots failed-login spikes per account and per IP, and quiz drift', async () => {
    const member = await createMember(t);
    for (let i = 0; i < 10; i++) {
      await t.database.sql.query(
        `INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip) VALUES ($1, $2, 'password', 'signin', false, 'invalid_credentials', $3)`,
        [member.userId, member.email, `198.51.100.${i}`],
      );
    }
    for (let i = 0; i < 20; i++) {
      await t.database.sql.query(
        `INSERT INTO login_events (email, provider, method, success, error_code, ip) VALUES ($1, 'password', 'signin', false, 'invalid_credentials', '203.0.113.66')`,
        [`victim${i}@example.test`],
      );
    }
    const [course] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO courses (slug, title) VALUES ('drift-1', 'Drifting') RETURNING id`,
    );
    const [lesson] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO lessons (course_id, position, title) VALUES ($1, 1, 'L1') RETURNING id`,
      [course!.id],
    );
    const [quiz] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO quizzes (lesson_id, title) VALUES ($1, 'Q') RETURNING id`,
      [lesson!.id],
    );
    for (let i = 0; i < 10; i++) {
      await t.database.sql.query(
        `INSERT INTO quiz_questions (quiz_id, kind, prompt, options, correct_position) VALUES ($1, 'true_false', $2, '["true","false"]', $3)`,
        [quiz!.id, `Q${i}`, i < 9 ? 0 : 1],
      );
    }
    const result = (await pulse()).json();
    const keys = result.signals.map((signal: { key: string }) => signal.key);
    expect(keys).toEqual(
      expect.arrayContaining([`failed_login_spike:account:${member.email}`, 'quiz_drift:drift-1']),
    );
    // The address is named by a hash in the key, and masked in evidence for roles without view_pii.
    const byIp = result.signals.find((signal: { key: string }) =>
      signal.key.startsWith('failed_login_spike:ip:'),
    );
    expect(byIp.key).toMatch(/^failed_login_spike:ip:[0-9a-f]{16}$/);
    expect(byIp.evidence.ip).toBe('203.0.113.xxx');
    const board = (await call(t, { method: 'GET', url: '/api/admin/missions', cookie })).json();
    expect(JSON.stringify(board)).not.toContain('203.0.113.66');
    const developer = (await staffCookie(t, 'developer')).cookie;
    const full = (await call(t, { method: 'GET', url: '/api/admin/missions', cookie: developer })).json();
    expect(JSON.stringify(full)).toContain('203.0.113.66');
  });

  it('never opens a card twice when two pulses run at once', async () => {
    await seedStuckCourse(t, 'vibe-303', 5);
    const answers = await Promise.all([pulse(), pulse()]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    expect(await openCards('stuck_students:vibe-303')).toHaveLength(1);
  });

  it('leaves alone the cards of detectors a later-started pulse has already applied', async () => {
    const courseId = await seedStuckCourse(t, 'vibe-505', 5);
    await pulse();
    expect(await openCards('stuck_students:vibe-505')).toHaveLength(1);
    await t.database.sql.query(`UPDATE enrollments SET last_activity_at = now() WHERE course_id = $1`, [
      courseId,
    ]);
    // A pulse that started detecting after this one has applied stuck_students already.
    await t.database.sql.query(
      `UPDATE signal_detections SET detection = detection + 1000 WHERE detector = 'stuck_students'`,
    );
    const late = (await pulse()).json();
    expect(late.skipped).toContainEqual({
      detector: 'stuck_students',
      reason: 'superseded by a pulse that detected later',
    });
    expect((await openCards('stuck_students:vibe-505'))[0]!.signal_cleared_at).toBeNull();

    await t.database.sql.query(
      `UPDATE signal_detections SET detection = 0 WHERE detector = 'stuck_students'`,
    );
    const current = (await pulse()).json();
    expect(current.skipped).toEqual([]);
    expect((await openCards('stuck_students:vibe-505'))[0]!.signal_cleared_at).not.toBeNull();
  });

  it('is for operators: a moderator may not run it', async () => {
    const moderator = (await staffCookie(t, 'moderator')).cookie;
    expect(
      (await call(t, { method: 'POST', url: '/api/admin/actions/health-pulse', cookie: moderator }))
        .statusCode,
    ).toBe(403);
  });
});

describe('commerce detectors', () => {
  it('opens cards for failing Stripe webhooks and for a refund spike', async () => {
    for (let i = 0; i < 3; i++) {
      await t.database.sql.query(
        `INSERT INTO webhook_events (provider, external_id, type, payload, status, error) VALUES ('stripe', $1, 'charge.refunded', '{}', 'failed', 'signature mismatch')`,
        [`evt_${i}`],
      );
    }
    const member = await createMember(t);
    const [payment] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO payments (user_id, stripe_charge_id, amount_cents) VALUES ($1, 'ch_spike', 10000) RETURNING id`,
      [member.userId],
    );
    for (let i = 0; i < 4; i++) {
      await t.database.sql.query(
        `INSERT INTO refunds (payment_id, amount_cents, reason, status) VALUES ($1, 100, 'spike', 'succeeded')`,
        [payment!.id],
      );
    }
    const result = (await pulse()).json();
    const byKey = Object.fromEntries(
      result.signals.map((signal: { key: string; evidence: unknown }) => [signal.key, signal.evidence]),
    );
    expect(byKey['failing_webhooks:stripe']).toMatchObject({
      failedLastHour: 3,
      lastError: 'signature mismatch',
    });
    expect(byKey.refund_spike).toMatchObject({ last24h: 4, amountCents: 400 });
    expect(result.skipped).toEqual([]);
  });
});

describe('signal thresholds and integrations', () => {
  it('shows and changes the thresholds the detectors use (manage_settings), naming bad fields', async () => {
    const developer = (await staffCookie(t, 'developer')).cookie;
    const before = (await call(t, { method: 'GET', url: '/api/admin/signals/thresholds', cookie })).json();
    expect(before).toMatchObject({ stuckDays: 7, stuckMinStudents: 5 });
    const changed = await call(t, {
      method: 'PATCH',
      url: '/api/admin/signals/thresholds',
      cookie: developer,
      payload: { stuckMinStudents: 50 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ stuckDays: 7, stuckMinStudents: 50 });
    const bad = await call(t, {
      method: 'PATCH',
      url: '/api/admin/signals/thresholds',
      cookie: developer,
      payload: { driftMaxShare: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('body.driftMaxShare');
    expect(
      (
        await call(t, {
          method: 'PATCH',
          url: '/api/admin/signals/thresholds',
          cookie,
          payload: { stuckDays: 3 },
        })
      ).statusCode,
    ).toBe(403);
    // With 50 needed, the stuck courses seeded above (5–6 students) no longer signal.
    const keys = (await call(t, { method: 'POST', url: '/api/admin/actions/health-pulse/preview', cookie }))
      .json()
      .signals.map((signal: { key: string }) => signal.key);
    expect(keys.filter((key: string) => key.startsWith('stuck_students:'))).toEqual([]);
    await call(t, {
      method: 'PATCH',
      url: '/api/admin/signals/thresholds',
      cookie: developer,
      payload: { stuckMinStudents: 5 },
    });
  });

  it('tells the console which integrations are missing and why', async () => {
    const status = (await call(t, { method: 'GET', url: '/api/admin/integrations', cookie })).json();
    expect(status).toEqual({
      stripe: { configured: false, reason: 'Stripe is not configured (set STRIPE_SECRET_KEY)' },
      discord: { configured: false, reason: 'Discord is not configured (set DISCORD_BOT_TOKEN)' },
      email: { configured: false, reason: 'Mail is not configured (set SMTP_URL)' },
    });
  });
});
