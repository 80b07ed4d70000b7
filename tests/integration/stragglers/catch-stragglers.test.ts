import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  createStaff,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';
import { startDiscordServer } from '../../support/discord.ts';
import { startSmtpServer } from '../../support/smtp.ts';

const TOKEN = 'test-bot-token';
let t: TestApp;
let discord: Awaited<ReturnType<typeof startDiscordServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let cookie: string;
let courseId: string;
const base = '/api/admin/actions/catch-stragglers';

async function idleStudent(days: number, discordId?: string) {
  const member = await createMember(t);
  await t.database.sql.query(`UPDATE users SET name = 'Robin Straggle' WHERE id = $1`, [member.userId]);
  await t.database.sql.query(
    `INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at) VALUES ($1, $2, now() - interval '60 days', now() - make_interval(days => $3))`,
    [member.userId, courseId, days],
  );
  if (discordId) {
    await t.database.sql.query(
      `INSERT INTO user_identities (user_id, provider, provider_user_id) VALUES ($1, 'discord', $2)`,
      [member.userId, discordId],
    );
  }
  return member;
}

beforeAll(async () => {
  discord = await startDiscordServer(TOKEN);
  smtp = await startSmtpServer();
  t = await startTestApp({ DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, SMTP_URL: smtp.url });
  cookie = (await staffCookie(t, 'support')).cookie;
  const [course] = await t.database.sql.query<{ id: string }>(
    `INSERT INTO courses (slug, title) VALUES ('vibe', 'Vibe Coding') RETURNING id`,
  );
  courseId = course!.id;
});
afterAll(async () => {
  await t?.close();
  await discord?.close();
  await smtp?.close();
});

async function draftFor(userId: string, tone = 'encouraging') {
  const response = await call(t, {
    method: 'POST',
    url: `${base}/drafts`,
    cookie,
    payload: { drafts: [{ userId, courseId, tone }] },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().drafts[0];
}

/** Approves a draft at the version the caller last saw; the answer, for tests that check it. */
const approve = (draftId: string, version: number) =>
  call(t, { method: 'POST', url: `${base}/drafts/${draftId}/approve`, cookie, payload: { version } });

describe('Catch Stragglers', () => {
  it('finds idle students and drafts a tone-tagged message from the templates, sending nothing', async () => {
    const member = await idleStudent(12, '81234567890123456');
    const preview = (await call(t, { method: 'POST', url: `${base}/preview?idleDays=7`, cookie })).json();
    const found = preview.stragglers.find(
      (straggler: { userId: string }) => straggler.userId === member.userId,
    );
    expect(found).toMatchObject({ idleDays: 12, channel: 'discord', suggestedTone: 'direct' });
    expect(found.draft).toBe(
      'Hi Robin, it has been 12 days since your last lesson in Vibe Coding. Your place is saved; jump back in when you are ready.',
    );
    const draft = await draftFor(member.userId, 'direct');
    expect(draft).toMatchObject({ status: 'draft', channel: 'discord', tone: 'direct' });
    expect(discord.messages).toHaveLength(0);
    const unapproved = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })
    ).json();
    expect(unapproved.results[0]).toMatchObject({ ok: false, status: 'draft' });
    expect(discord.messages).toHaveLength(0);
  });

  it('sends an edited, approved draft by Discord DM exactly once, even when asked twice', async () => {
    const member = await idleStudent(9, '81234567890123457');
    const draft = await draftFor(member.userId);
    const edited = (
      await call(t, {
        method: 'PATCH',
        url: `${base}/drafts/${draft.id}`,
        cookie,
        payload: { version: draft.version, body: 'Hi Robin, lesson 4 is waiting for you!' },
      })
    ).json().draft;
    const approved = (await approve(draft.id, edited.version)).json().draft;
    expect(approved.status).toBe('approved');
    const sends = await Promise.all(
      [1, 2].map(() => call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })),
    );
    const oks = sends.map((response) => response.json().results[0].ok);
    expect(oks.sort()).toEqual([false, true]);
    const mine = discord.messages.filter((message) => message.recipientId === '81234567890123457');
    expect(mine).toEqual([
      {
        channelId: 'dm-81234567890123457',
        recipientId: '81234567890123457',
        content: 'Hi Robin, lesson 4 is waiting for you!',
      },
    ]);
    const types = await t.database.sql.query<{ type: string }>(
      `SELECT type FROM events WHERE subject_id = $1 AND type LIKE 'dm.%' ORDER BY events.id`,
      [member.userId],
    );
    expect(types.map((row) => row.type)).toEqual(['dm.drafted', 'dm.edited', 'dm.approved', 'dm.sent']);
  });

  it('honours Discord 429 answers (waits retry_after, then sends) and shows a failed send on its draft', async () => {
    const waiting = await idleStudent(8, '81234567890123458');
    const draft = await draftFor(waiting.userId);
    await approve(draft.id, draft.version);
    discord.control.rateLimitNext = 1;
    const started = Date.now();
    const sent = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })
    ).json();
    expect(sent.results[0]).toMatchObject({ ok: true, status: 'sent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);

    const blocked = await idleStudent(8, '81234567890123459');
    discord.control.failRecipients.add('81234567890123459');
    const failing = await draftFor(blocked.userId);
    await approve(failing.id, failing.version);
    const result = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [failing.id] } })
    ).json().results[0];
    expect(result).toMatchObject({ ok: false, status: 'failed' });
    expect(result.error).toMatch(/Cannot send messages to this user/);
    const listed = (await call(t, { method: 'GET', url: `${base}/drafts?status=failed`, cookie })).json()
      .drafts;
    expect(listed.find((item: { id: string }) => item.id === failing.id).error).toMatch(
      /Cannot send messages/,
    );
  });

  it('marks a send whose outcome is unknown as unconfirmed, never resends it, and lets it be discarded', async () => {
    const member = await idleStudent(8, '81234567890123460');
    const draft = await draftFor(member.userId);
    await approve(draft.id, draft.version);
    discord.control.errorAfterPostNext = 1;
    const result = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })
    ).json().results[0];
    expect(result).toMatchObject({ ok: false, status: 'unconfirmed' });
    const current = (
      await call(t, { method: 'GET', url: `${base}/drafts?status=unconfirmed`, cookie })
    ).json().drafts[0];
    const reapprove = await approve(draft.id, current.version);
    expect(reapprove.statusCode).toBe(409);
    expect(discord.messages.filter((message) => message.recipientId === '81234567890123460')).toHaveLength(1);
    const discarded = await call(t, {
      method: 'POST',
      url: `${base}/drafts/${draft.id}/discard`,
      cookie,
      payload: { version: current.version },
    });
    expect(discarded.json().draft.status).toBe('discarded');
    const types = await t.database.sql.query<{ type: string }>(
      `SELECT type FROM events WHERE subject_id = $1 AND type LIKE 'dm.%' ORDER BY events.id`,
      [member.userId],
    );
    expect(types.map((row) => row.type)).toEqual([
      'dm.drafted',
      'dm.approved',
      'dm.unconfirmed',
      'dm.discarded',
    ]);
  });

  it('turns sends a stopped server left in sending into unconfirmed, so they can be discarded', async () => {
    const [interrupted, inFlight] = [await idleStudent(9), await idleStudent(9)];
    const drafts = [await draftFor(interrupted.userId), await draftFor(inFlight.userId)];
    // What a server that died after claiming the drafts leaves behind: one claimed 31 minutes ago,
    // one a moment ago (still being sent by a live server).
    await t.database.sql.query(
      `UPDATE dm_drafts SET status = 'sending', updated_at = now() - make_interval(mins => $2) WHERE id = $1`,
      [drafts[0].id, 31],
    );
    await t.database.sql.query(`UPDATE dm_drafts SET status = 'sending', updated_at = now() WHERE id = $1`, [
      drafts[1].id,
    ]);
    const developer = (await staffCookie(t, 'developer')).cookie;
    const run = await call(t, {
      method: 'POST',
      url: '/api/admin/jobs/interrupted-sends/run',
      cookie: developer,
    });
    expect(run.json()).toMatchObject({ ran: true, ok: true, detail: { recovered: 1 } });

    const unconfirmed = (await call(t, { method: 'GET', url: `${base}/drafts?status=unconfirmed`, cookie }))
      .json()
      .drafts.find((draft: { id: string }) => draft.id === drafts[0].id);
    expect(unconfirmed).toMatchObject({
      status: 'unconfirmed',
      error: expect.stringMatching(/may have arrived/),
    });
    const [stillSending] = await t.database.sql.query<{ status: string }>(
      'SELECT status FROM dm_drafts WHERE id = $1',
      [drafts[1].id],
    );
    expect(stillSending!.status).toBe('sending');
    const discarded = await call(t, {
      method: 'POST',
      url: `${base}/drafts/${drafts[0].id}/discard`,
      cookie,
      payload: { version: unconfirmed.version },
    });
    expect(discarded.json().draft.status).toBe('discarded');
    const [event] = await t.database.sql.query<{ actor_role: string }>(
      `SELECT actor_role FROM events WHERE type = 'dm.unconfirmed' AND subject_id = $1`,
      [interrupted.userId],
    );
    expect(event).toBeDefined();
  });

  it('records what became of a send that ended after it was taken for interrupted', async () => {
    const member = await idleStudent(9, '81234567890123499');
    const draft = await draftFor(member.userId);
    await approve(draft.id, draft.version);
    let release = () => {};
    discord.control.holdPosts = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sending = call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } });
    const statusOf = async () =>
      (
        await t.database.sql.query<{ status: string }>('SELECT status FROM dm_drafts WHERE id = $1', [
          draft.id,
        ])
      )[0]!.status;
    while ((await statusOf()) !== 'sending') await new Promise((resolve) => setTimeout(resolve, 20));
    await t.database.sql.query(
      `UPDATE dm_drafts SET updated_at = now() - interval '31 minutes' WHERE id = $1`,
      [draft.id],
    );
    const developer = (await staffCookie(t, 'developer')).cookie;
    await call(t, { method: 'POST', url: '/api/admin/jobs/interrupted-sends/run', cookie: developer });
    discord.control.holdPosts = null;
    release();
    expect((await sending).json().results[0]).toMatchObject({ ok: false, status: 'unconfirmed' });
    expect(await statusOf()).toBe('unconfirmed');
    const events = await t.database.sql.query<{ type: string; payload: { messageId?: string } }>(
      `SELECT type, payload FROM events WHERE subject_id = $1 AND type LIKE 'dm.%' ORDER BY events.id`,
      [member.userId],
    );
    expect(events.map((event) => event.type)).toEqual([
      'dm.drafted',
      'dm.approved',
      'dm.unconfirmed',
      'dm.outcome_after_recovery',
    ]);
    expect(events.at(-1)!.payload.messageId).toMatch(/^\d+$/);
  });

  it('refuses a stale version when editing or approving a draft', async () => {
    const member = await idleStudent(9, '81234567890123461');
    const draft = await draftFor(member.userId);
    await call(t, {
      method: 'PATCH',
      url: `${base}/drafts/${draft.id}`,
      cookie,
      payload: { version: draft.version, body: 'edited first' },
    });
    const stale = await approve(draft.id, draft.version);
    expect(stale.statusCode).toBe(409);
  });

  it('mails students without Discord, through SMTP', async () => {
    const member = await idleStudent(15);
    const draft = await draftFor(member.userId, 'check_in');
    expect(draft.channel).toBe('email');
    await approve(draft.id, draft.version);
    const result = (
      await call(t, { method: 'POST', url: base, cookie, payload: { draftIds: [draft.id] } })
    ).json().results[0];
    expect(result.ok).toBe(true);
    expect(
      smtp.received.some((mail) => mail.to.includes(member.email) && mail.raw.includes('just checking in')),
    ).toBe(true);
  });

  it('says why when neither Discord nor mail is configured, and refuses to draft', async () => {
    const bare = await startTestApp();
    try {
      const staff = (await staffCookie(bare, 'admin')).cookie;
      const preview = (await call(bare, { method: 'POST', url: `${base}/preview`, cookie: staff })).json();
      expect(preview.channels).toEqual({
        discord: { configured: false, reason: 'Discord is not configured (set DISCORD_BOT_TOKEN)' },
        email: { configured: false, reason: 'Mail is not configured (set SMTP_URL)' },
      });
      const developer = (await staffCookie(bare, 'developer')).cookie;
      expect(
        (await call(bare, { method: 'POST', url: `${base}/preview`, cookie: developer })).statusCode,
      ).toBe(403);
    } finally {
      await bare.close();
    }
  });
});

describe('Morning Brief delivery', () => {
  it('mails the brief to a staff member, never outside, and says what is missing to post it to Discord', async () => {
    const teammate = await createStaff(t, 'developer');
    const mailed = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/morning-brief',
      cookie,
      payload: { channel: 'email', to: teammate.email.toUpperCase() },
    });
    expect(mailed.statusCode).toBe(200);
    expect(
      smtp.received.some(
        (mail) =>
          mail.to.some((to) => to.toLowerCase() === teammate.email) && mail.raw.includes('Morning Brief'),
      ),
    ).toBe(true);
    const outside = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/morning-brief',
      cookie,
      payload: { channel: 'email', to: 'someone@elsewhere.example' },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details).toEqual([
      { path: 'body.to', message: "must be an active staff member's address" },
    ]);
    expect(smtp.received.some((mail) => mail.to.includes('someone@elsewhere.example'))).toBe(false);
    const discordPost = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/morning-brief',
      cookie,
      payload: { channel: 'discord' },
    });
    expect(discordPost.statusCode).toBe(503);
    expect(discordPost.json().message).toMatch(/DISCORD_BRIEF_CHANNEL_ID/);
  });

  it('posts the brief to the Discord channel when one is configured', async () => {
    const withChannel = await startTestApp({
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_BRIEF_CHANNEL_ID: '90000000000000001',
    });
    try {
      const staff = (await staffCookie(withChannel, 'support')).cookie;
      const posted = await call(withChannel, {
        method: 'POST',
        url: '/api/admin/actions/morning-brief',
        cookie: staff,
        payload: { channel: 'discord' },
      });
      expect(posted.json()).toMatchObject({ channel: 'discord', destination: 'discord:90000000000000001' });
      expect(
        discord.messages.some(
          (message) =>
            message.channelId === '90000000000000001' && message.content.startsWith('Morning Brief'),
        ),
      ).toBe(true);
    } finally {
      await withChannel.close();
    }
  });
});
