import { sql } from 'drizzle-orm';
import type { Draft, StragglersPreview, StragglerTemplates } from '../../../contracts/stragglers.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { Discord } from '../../integrations/discord.ts';
import type { Mailer } from '../../integrations/mailer.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';
import { assertMissionExists, recordOnBoard } from '../missions/index.ts';
import { writeSetting } from '../system/index.ts';

const TEMPLATES_KEY = 'stragglers.templates';

/** The two ways a message can go out; each may be unconfigured. */
export type Channels = { discord: Discord; mailer: Mailer };

export const DEFAULT_TEMPLATES: StragglerTemplates = {
  encouraging:
    'Hi {name}! You were making real progress in {course}. The next lesson takes about ten minutes: want to pick it back up today?',
  direct:
    'Hi {name}, it has been {days} days since your last lesson in {course}. Your place is saved; jump back in when you are ready.',
  check_in:
    'Hey {name}, just checking in: is anything getting in the way with {course}? Reply here and we will help.',
};

/** The message templates per tone: the stored ones over the defaults. */
export async function readTemplates(db: Db): Promise<StragglerTemplates> {
  const [row] = await rows<{ value: Partial<StragglerTemplates> }>(
    db,
    sql`SELECT value FROM settings WHERE key = ${TEMPLATES_KEY}`,
  );
  return { ...DEFAULT_TEMPLATES, ...(row?.value ?? {}) };
}

/** Replaces the templates (audited as `setting.changed`); answers them as stored. */
export async function saveTemplates(
  database: Database,
  context: RequestContext,
  templates: StragglerTemplates,
  idempotency: IdempotencyRequest | null,
) {
  await mutate(
    database,
    context,
    async (tx) => ({
      result: null,
      events: [await writeSetting(tx, context, TEMPLATES_KEY, templates, { templates })],
    }),
    idempotency,
  );
  return readTemplates(database.db);
}

export function fill(template: string, values: { name: string; course: string; days: number }): string {
  return template
    .replaceAll('{name}', values.name)
    .replaceAll('{course}', values.course)
    .replaceAll('{days}', String(values.days));
}

/** Discord when the member linked it and it is configured, else mail when configured, else none. */
const channelFor = (channels: Channels, linkedDiscord: boolean): Draft['channel'] | null =>
  linkedDiscord && channels.discord.configured ? 'discord' : channels.mailer.configured ? 'email' : null;

const firstName = (name: string, email: string) =>
  (name.trim().split(/\s+/)[0] || email.split('@')[0]) ?? email;

/** Enrolled, unfinished, no progress for `idleDays`: who to nudge, and how we could reach them. */
export async function previewStragglers(
  deps: { db: Db } & Channels,
  idleDays: number,
): Promise<StragglersPreview> {
  const { db, discord, mailer } = deps;
  const templates = await readTemplates(db);
  const idle = await rows<{
    user_id: string;
    email: string;
    name: string;
    course_id: string;
    slug: string;
    title: string;
    idle_days: number;
    discord: boolean;
  }>(
    db,
    sql`SELECT u.id::text AS user_id, u.email, u.name, c.id::text AS course_id, c.slug, c.title,
               extract(day FROM now() - coalesce(e.last_activity_at, e.enrolled_at))::int AS idle_days,
               EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id AND i.provider = 'discord') AS discord
          FROM enrollments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id
         WHERE e.completed_at IS NULL AND u.status = 'active'
           AND coalesce(e.last_activity_at, e.enrolled_at) < now() - make_interval(days => ${idleDays})
           AND NOT EXISTS (SELECT 1 FROM dm_drafts d WHERE d.user_id = u.id AND d.course_id = c.id
                            AND d.status IN ('draft', 'approved', 'sending', 'unconfirmed'))
         ORDER BY idle_days DESC, u.email LIMIT 200`,
  );
  return {
    idleDays,
    templates,
    channels: {
      discord: { configured: discord.configured, reason: discord.unavailableReason },
      email: { configured: mailer.configured, reason: mailer.unavailableReason },
    },
    stragglers: idle.map((row) => {
      const tone = row.idle_days > 21 ? 'check_in' : row.idle_days > 10 ? 'direct' : 'encouraging';
      return {
        userId: row.user_id,
        email: row.email,
        name: row.name,
        course: { id: row.course_id, slug: row.slug, title: row.title },
        idleDays: row.idle_days,
        channel: channelFor(deps, row.discord),
        suggestedTone: tone,
        draft: fill(templates[tone], {
          name: firstName(row.name, row.email),
          course: row.title,
          days: row.idle_days,
        }),
      };
    }),
  };
}

type DraftRow = {
  id: string;
  user_id: string;
  email: string;
  name: string;
  course_id: string | null;
  course_title: string | null;
  channel: Draft['channel'];
  tone: Draft['tone'];
  body: string;
  status: Draft['status'];
  error: string | null;
  attempts: number;
  approved_by: string | null;
  approved_at: Date | null;
  sent_at: Date | null;
  version: number;
  created_at: Date;
};

const DRAFT_SELECT = sql`
  SELECT d.id::text AS id, d.user_id::text AS user_id, u.email, u.name, d.course_id::text AS course_id, c.title AS course_title,
         d.channel, d.tone, d.body, d.status, d.error, d.attempts, a.email AS approved_by, d.approved_at, d.sent_at, d.version, d.created_at
    FROM dm_drafts d JOIN users u ON u.id = d.user_id LEFT JOIN courses c ON c.id = d.course_id
    LEFT JOIN users a ON a.id = d.approved_by`;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

function toDraft(row: DraftRow): Draft {
  return {
    id: row.id,
    user: { id: row.user_id, email: row.email, name: row.name },
    course: row.course_id && row.course_title ? { id: row.course_id, title: row.course_title } : null,
    channel: row.channel,
    tone: row.tone,
    body: row.body,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    sentAt: iso(row.sent_at),
    version: row.version,
    createdAt: iso(row.created_at)!,
  };
}

export async function loadDraft(db: Db, id: string): Promise<Draft | null> {
  const [row] = await rows<DraftRow>(db, sql`${DRAFT_SELECT} WHERE d.id = ${id}::uuid`);
  return row ? toDraft(row) : null;
}

export async function listDrafts(db: Db, status?: Draft['status']): Promise<Draft[]> {
  const drafts = await rows<DraftRow>(
    db,
    sql`${DRAFT_SELECT} ${status ? sql`WHERE d.status = ${status}` : sql``} ORDER BY d.created_at DESC LIMIT 500`,
  );
  return drafts.map(toDraft);
}

const draftEvent = (type: string, draft: Draft, payload: Record<string, unknown> = {}) => ({
  type,
  subjectType: 'user',
  subjectId: draft.user.id,
  payload: { draftId: draft.id, channel: draft.channel, tone: draft.tone, ...payload },
});

/** Writes drafts (status `draft`: nothing is sent until someone approves each one). */
export async function createDrafts(
  deps: { database: Database } & Channels,
  context: RequestContext,
  drafts: { userId: string; courseId: string; tone: Draft['tone']; body?: string }[],
  idempotency: IdempotencyRequest | null,
): Promise<Draft[]> {
  const templates = await readTemplates(deps.database.db);
  return mutate(
    deps.database,
    context,
    async (tx) => {
      const created: Draft[] = [];
      for (const input of drafts) {
        const [who] = await rows<{
          name: string;
          email: string;
          title: string;
          idle: number;
          discord: boolean;
        }>(
          tx,
          sql`SELECT u.name, u.email, c.title,
                     extract(day FROM now() - coalesce(e.last_activity_at, e.enrolled_at))::int AS idle,
                     EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id AND i.provider = 'discord') AS discord
                FROM enrollments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id
               WHERE e.user_id = ${input.userId}::uuid AND e.course_id = ${input.courseId}::uuid
                 AND u.status = 'active' AND e.completed_at IS NULL`,
        );
        if (!who) throw new AppError('not_found', `${input.userId} is not enrolled in ${input.courseId}`);
        const channel = channelFor(deps, who.discord);
        if (!channel)
          throw new AppError(
            'not_configured',
            'Neither Discord nor mail is configured, so no message can be sent',
          );
        const body =
          input.body ??
          fill(templates[input.tone], {
            name: firstName(who.name, who.email),
            course: who.title,
            days: who.idle,
          });
        const [row] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO dm_drafts (user_id, course_id, channel, tone, body, created_by)
              VALUES (${input.userId}::uuid, ${input.courseId}::uuid, ${channel}, ${input.tone}, ${body}, ${context.actor.id})
              ON CONFLICT DO NOTHING RETURNING id::text AS id`,
        );
        if (!row)
          throw new AppError('conflict', `${who.email} already has a message waiting for ${who.title}`);
        created.push((await loadDraft(tx, row.id))!);
      }
      return { result: created, events: created.map((draft) => draftEvent('dm.drafted', draft)) };
    },
    idempotency,
  );
}

/** Edits, approves or discards a draft that nobody changed since `version`. */
export async function changeDraft(
  database: Database,
  context: RequestContext,
  id: string,
  change: { version: number } & (
    | { kind: 'edit'; body?: string; tone?: Draft['tone'] }
    | { kind: 'approve' }
    | { kind: 'discard' }
  ),
  idempotency: IdempotencyRequest | null,
): Promise<Draft> {
  return mutate(
    database,
    context,
    async (tx) => {
      const before = await loadDraft(tx, id);
      if (!before) throw new AppError('not_found', `No draft ${id}`);
      if (before.version !== change.version)
        throw new AppError('conflict', 'Someone changed this draft first; reload it', { draft: before });
      const allowed =
        change.kind === 'approve'
          ? ['draft', 'failed']
          : change.kind === 'edit'
            ? ['draft', 'approved', 'failed']
            : ['draft', 'approved', 'failed', 'unconfirmed'];
      if (!allowed.includes(before.status)) {
        throw new AppError('conflict', `A ${before.status} message cannot be changed that way`);
      }
      const changes =
        change.kind === 'edit'
          ? sql`body = ${change.body ?? before.body}, tone = ${change.tone ?? before.tone}, status = 'draft', approved_by = NULL, approved_at = NULL`
          : change.kind === 'approve'
            ? sql`status = 'approved', error = NULL, approved_by = ${context.actor.id}, approved_at = now()`
            : sql`status = 'discarded'`;
      // The UPDATE checks version and status again: a concurrent edit or send (which waited for the
      // row lock) must not be approved or overwritten unseen.
      const [changed] = await rows<{ id: string }>(
        tx,
        sql`UPDATE dm_drafts SET ${changes}, version = version + 1, updated_at = now()
             WHERE id = ${id}::uuid AND version = ${change.version} AND status IN ${allowed}
            RETURNING id::text AS id`,
      );
      if (!changed) throw new AppError('conflict', 'Someone changed this draft first; reload it');
      const after = (await loadDraft(tx, id))!;
      const type =
        change.kind === 'edit' ? 'dm.edited' : change.kind === 'approve' ? 'dm.approved' : 'dm.discarded';
      return { result: after, events: [draftEvent(type, after)] };
    },
    idempotency,
  );
}

/**
 * Sends approved drafts. Each is claimed first (approved → sending, committed), so a retry or a
 * second click never sends it twice; the outcome (sent, or failed with the error) is written with
 * its event and on the board: on the card the send came from (`missionId`), else on one new
 * SHIPPED card for the whole send, which the first outcome opens and the others join. A failed
 * draft is sent again only after someone approves it again.
 */
export async function sendDrafts(
  deps: { database: Database } & Channels,
  context: RequestContext,
  ids: string[],
  missionId?: string | null,
) {
  // Checked before anything is sent: a message must never go out and then fail to be recorded.
  if (missionId) await assertMissionExists(deps.database.db, missionId);
  let card = missionId ?? null;
  const { database, discord, mailer } = deps;
  const results: { draftId: string; ok: boolean; status: Draft['status']; error: string | null }[] = [];
  for (const id of ids) {
    const [claimed] = await rows<{
      channel: Draft['channel'];
      body: string;
      email: string;
      user_id: string;
      discord_id: string | null;
    }>(
      database.db,
      sql`UPDATE dm_drafts d SET status = 'sending', attempts = attempts + 1, version = version + 1, updated_at = now()
            FROM users u WHERE d.id = ${id}::uuid AND d.status = 'approved' AND u.id = d.user_id
          RETURNING d.channel, d.body, u.email, u.id::text AS user_id,
                    (SELECT provider_user_id FROM user_identities i
                      WHERE i.user_id = u.id AND i.provider = 'discord' LIMIT 1) AS discord_id`,
    );
    if (!claimed) {
      const current = await loadDraft(database.db, id);
      results.push({
        draftId: id,
        ok: false,
        status: current?.status ?? 'discarded',
        error: current ? `not approved (${current.status})` : 'no such draft',
      });
      continue;
    }
    let outcome: { messageId: string } | { error: string; refused: boolean };
    try {
      if (claimed.channel === 'discord') {
        if (!claimed.discord_id) {
          throw Object.assign(new Error('the member has no linked Discord account'), { status: 400 });
        }
        const nonce = `mc${id.replaceAll('-', '').slice(0, 23)}`;
        outcome = await discord.sendDirectMessage(claimed.discord_id, claimed.body, nonce);
      } else {
        const sent = await mailer.send({
          to: claimed.email,
          userId: claimed.user_id,
          template: 'straggler',
          subject: 'We saved your place',
          text: claimed.body,
        });
        outcome = { messageId: `email:${sent.emailId}` };
      }
    } catch (error) {
      const refused =
        claimed.channel === 'discord'
          ? Discord.refused(error)
          : (error as { details?: { refused?: boolean } }).details?.refused === true;
      outcome = { error: (error as Error).message.slice(0, 500), refused };
    }
    // Refused → failed (may be approved again). Unknown (timeout, 5xx, dropped connection) →
    // unconfirmed: it may have arrived, so it is never sent again without a person deciding.
    const status = 'messageId' in outcome ? 'sent' : outcome.refused ? 'failed' : 'unconfirmed';
    const messageId = 'messageId' in outcome ? outcome.messageId : null;
    const error = 'error' in outcome ? outcome.error : null;
    const draft = await mutate(database, context, async (tx) => {
      const written = await rows(
        tx,
        sql`UPDATE dm_drafts SET status = ${status}, error = ${error},
              sent_at = CASE WHEN ${status} = 'sent' THEN now() ELSE sent_at END,
              provider_message_id = coalesce(${messageId}, provider_message_id),
              version = version + 1, updated_at = now()
            WHERE id = ${id}::uuid AND status = 'sending' RETURNING id`,
      );
      const after = (await loadDraft(tx, id))!;
      // Taken for interrupted meanwhile (interrupted-sends): the draft stays as people left it, and
      // the audit trail says what really happened to the message.
      const type = written.length === 0 ? 'dm.outcome_after_recovery' : `dm.${status}`;
      const more = ids.length > 1 ? ` and ${ids.length - 1} more` : '';
      const board = await recordOnBoard(tx, context, {
        missionId: card,
        title: card
          ? `Message to ${claimed.email} ${status}${error ? `: ${error}` : ''}`
          : `Catch Stragglers: messaged ${claimed.email}${more}`,
        action: type,
        subjectType: 'user',
        subjectId: claimed.user_id,
        details: { draftId: id, channel: claimed.channel, status },
      });
      card = board.missionId;
      return {
        result: after,
        events: [draftEvent(type, after, error ? { error } : { messageId }), ...board.events],
      };
    });
    results.push({ draftId: id, ok: draft.status === 'sent', status: draft.status, error: draft.error });
  }
  return { results };
}

/** Far longer than a send may take (Discord: SEND_DEADLINE_MS in all; SMTP: ≤ 60 s a step). */
export const INTERRUPTED_SEND_MINUTES = 30;

/**
 * Drafts left in `sending` by a server that stopped mid-send become `unconfirmed`: the message may
 * have arrived, so, as after a timeout, nobody can send it again; a person reads the member's inbox
 * or Discord and discards it. Without this they would stay `sending`, neither sendable nor
 * discardable.
 */
export async function recoverInterruptedSends(
  database: Database,
  context: RequestContext,
  olderThanMinutes = INTERRUPTED_SEND_MINUTES,
): Promise<{ recovered: number }> {
  const error = 'the server stopped while sending; it may have arrived';
  const recovered = await mutate(database, context, async (tx) => {
    const ids = (
      await rows<{ id: string }>(
        tx,
        sql`UPDATE dm_drafts SET status = 'unconfirmed', error = ${error}, version = version + 1, updated_at = now()
             WHERE status = 'sending' AND updated_at < now() - make_interval(mins => ${olderThanMinutes})
            RETURNING id::text AS id`,
      )
    ).map((row) => row.id);
    const drafts = await Promise.all(ids.map(async (id) => (await loadDraft(tx, id))!));
    return {
      result: drafts.length,
      events: drafts.map((draft) => draftEvent('dm.unconfirmed', draft, { error })),
    };
  });
  return { recovered };
}
