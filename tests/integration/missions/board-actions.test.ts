import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { startDiscordServer } from '../../support/discord.ts';
import { startStripeServer } from '../../support/stripe.ts';

// Seed 000: every action leaves an operator-visible card. From a card: its outcome joins that
// card's timeline. From the Actions panel: a new card straight in SHIPPED, titled by what was done.
const STRIPE_KEY = 'sk_test_board_actions';
const DISCORD_TOKEN = 'board-actions-bot';
let t: TestApp;
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let discord: Awaited<ReturnType<typeof startDiscordServer>>;
let admin: { cookie: string; account: { userId: string; email: string } };

beforeAll(async () => {
  stripe = await startStripeServer(STRIPE_KEY);
  discord = await startDiscordServer(DISCORD_TOKEN);
  t = await startTestApp({
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_API_BASE: stripe.apiBase,
    DISCORD_BOT_TOKEN: DISCORD_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
  });
  admin = await staffCookie(t, 'admin');
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await discord?.close();
});

const post = (url: string, payload: Record<string, unknown>) =>
  call(t, {
    method: 'POST',
    url,
    cookie: admin.cookie,
    payload,
    headers: { 'idempotency-key': randomUUID() },
  });

async function newCard(title: string): Promise<string> {
  const created = await post('/api/admin/missions', { title, priority: 'high' });
  expect(created.statusCode, created.body).toBe(200);
  return created.json().mission.id;
}

async function card(id: string) {
  return (await call(t, { method: 'GET', url: `/api/admin/missions/${id}`, cookie: admin.cookie })).json()
    .mission;
}

async function timeline(id: string) {
  const response = await call(t, {
    method: 'GET',
    url: `/api/admin/missions/${id}/timeline`,
    cookie: admin.cookie,
  });
  return response.json().events as { type: string; payload: Record<string, unknown> }[];
}

const missionCount = async () =>
  Number((await t.database.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM missions`))[0]!.n);

describe('POST /api/admin/actions/grant-tokens on the board', () => {
  it('from the Actions panel: records the grant as a new card straight in SHIPPED, titled by what was done', async () => {
    const member = await createMember(t);
    const granted = await post('/api/admin/actions/grant-tokens', {
      userId: member.userId,
      amount: 50,
      reason: 'helped in the forum',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const mission = await card(granted.json().missionId);
    expect(mission).toMatchObject({
      title: `Granted 50 tokens to ${member.email}`,
      status: 'SHIPPED',
      owner: { id: admin.account.userId },
    });
    expect(mission.shippedAt).not.toBeNull();
    const [created] = await timeline(mission.id);
    expect(created).toMatchObject({
      type: 'mission.created',
      payload: {
        source: 'action',
        action: 'tokens.granted',
        summary: `Granted 50 tokens to ${member.email}`,
      },
    });
  });

  it('from a card: attaches the outcome to that card’s timeline and opens no other card', async () => {
    const member = await createMember(t);
    const id = await newCard('Reward the beta testers');
    const before = await missionCount();
    const granted = await post('/api/admin/actions/grant-tokens', {
      userId: member.userId,
      amount: 20,
      reason: 'beta tester',
      missionId: id,
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json().missionId).toBe(id);
    expect(await missionCount()).toBe(before);
    const events = await timeline(id);
    expect(events.map((event) => event.type)).toEqual(['mission.created', 'mission.action_recorded']);
    expect(events[1]!.payload).toMatchObject({
      summary: `Granted 20 tokens to ${member.email}`,
      action: 'tokens.granted',
      actedOnType: 'user',
      actedOnId: member.userId,
    });
    expect((await card(id)).status).toBe('DETECTED');
  });

  it('refuses an unknown card with 400 naming body.missionId, and grants nothing', async () => {
    const member = await createMember(t);
    const refused = await post('/api/admin/actions/grant-tokens', {
      userId: member.userId,
      amount: 5,
      reason: 'no such card',
      missionId: randomUUID(),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details).toEqual([{ path: 'body.missionId', message: 'no such mission' }]);
    const ledger = await t.database.sql.query(`SELECT 1 FROM token_ledger WHERE user_id = $1`, [
      member.userId,
    ]);
    expect(ledger).toHaveLength(0);
  });
});

describe('POST /api/admin/actions/refund on the board', () => {
  async function paid(amountCents: number) {
    const member = await createMember(t);
    const chargeId = `ch_board_${process.pid}_${randomUUID().slice(0, 8)}`;
    stripe.addCharge(chargeId, amountCents);
    await t.database.sql.query(
      `INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, $2, $3, 0)`,
      [member.userId, chargeId, amountCents],
    );
    return { member, chargeId };
  }

  it('from the panel: a SHIPPED card for the refund, with Stripe’s outcome on its timeline', async () => {
    const { member, chargeId } = await paid(4000);
    const refunded = await post('/api/admin/actions/refund', {
      chargeId,
      amountCents: 1500,
      reason: 'late delivery',
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    const [row] = await t.database.sql.query<{ mission_id: string }>(
      `SELECT mission_id::text AS mission_id FROM refunds WHERE id = $1`,
      [refunded.json().id],
    );
    const mission = await card(row!.mission_id);
    expect(mission).toMatchObject({
      title: `Refund of 15.00 USD on ${chargeId} for ${member.email}`,
      status: 'SHIPPED',
    });
    const events = await timeline(mission.id);
    expect(events.map((event) => [event.type, event.payload.action])).toEqual([
      ['mission.created', 'refund.requested'],
      ['mission.action_recorded', 'refund.succeeded'],
    ]);
  });

  it('from a card: both the request and the outcome join that card', async () => {
    const { chargeId } = await paid(3000);
    const id = await newCard('Customer complaint about a broken course');
    const refunded = await post('/api/admin/actions/refund', {
      chargeId,
      reason: 'broken course',
      missionId: id,
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    const events = await timeline(id);
    expect(events.map((event) => [event.type, event.payload.action ?? null])).toEqual([
      ['mission.created', null],
      ['mission.action_recorded', 'refund.requested'],
      ['mission.action_recorded', 'refund.succeeded'],
    ]);
  });
});

describe('POST /api/admin/actions/catch-stragglers on the board', () => {
  it('from a card: each message’s outcome joins the card; from the panel: one SHIPPED card for the send', async () => {
    const [course] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO courses (slug, title) VALUES ('board-${process.pid}', 'Board Course') RETURNING id`,
    );
    const drafts: string[] = [];
    for (const discordId of ['71234567890123451', '71234567890123452', '71234567890123453']) {
      const member = await createMember(t);
      await t.database.sql.query(
        `INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at) VALUES ($1, $2, now() - interval '60 days', now() - interval '20 days')`,
        [member.userId, course!.id],
      );
      await t.database.sql.query(
        `INSERT INTO user_identities (user_id, provider, provider_user_id) VALUES ($1, 'discord', $2)`,
        [member.userId, discordId],
      );
      const drafted = await post('/api/admin/actions/catch-stragglers/drafts', {
        drafts: [{ userId: member.userId, courseId: course!.id, tone: 'direct' }],
      });
      const draft = drafted.json().drafts[0];
      await post(`/api/admin/actions/catch-stragglers/drafts/${draft.id}/approve`, {
        version: draft.version,
      });
      drafts.push(draft.id);
    }
    const id = await newCard('Stuck students in Board Course');
    const fromCard = await post('/api/admin/actions/catch-stragglers', {
      draftIds: [drafts[0]],
      missionId: id,
    });
    expect(fromCard.json().results[0]).toMatchObject({ ok: true, status: 'sent' });
    const events = await timeline(id);
    expect(events.at(-1)).toMatchObject({
      type: 'mission.action_recorded',
      payload: { action: 'dm.sent', status: 'sent' },
    });

    const before = await missionCount();
    const fromPanel = await post('/api/admin/actions/catch-stragglers', { draftIds: drafts.slice(1) });
    expect(fromPanel.json().results.map((result: { ok: boolean }) => result.ok)).toEqual([true, true]);
    expect(await missionCount()).toBe(before + 1);
    const [shipped] = await t.database.sql.query<{ id: string; title: string; status: string }>(
      `SELECT id::text AS id, title, status FROM missions ORDER BY created_at DESC LIMIT 1`,
    );
    expect(shipped).toMatchObject({ status: 'SHIPPED' });
    expect(shipped!.title).toMatch(/^Catch Stragglers: messaged member-.*@example\.test and 1 more$/);
    expect((await timeline(shipped!.id)).map((event) => event.type)).toEqual([
      'mission.created',
      'mission.action_recorded',
    ]);
  });
});
