import { type SQL, sql } from 'drizzle-orm';
import type { MorningBrief } from '../../../contracts/actions.ts';
import { type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Discord } from '../../integrations/discord.ts';
import type { Mailer } from '../../integrations/mailer.ts';
import { appendEvents, type RequestContext } from '../../platform/audit/append.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Order totals with their currency ("USD 1,234.50", one per currency present; "USD 0.00" for none). */
const money = (where: SQL) =>
  sql`coalesce((SELECT string_agg(upper(currency) || ' ' || to_char(amount, 'FM999,999,999,990.00'), ', ' ORDER BY currency)
                  FROM (SELECT currency, sum(total) AS amount FROM orders WHERE ${where} GROUP BY currency) AS per_currency),
               'USD 0.00')`;

type BriefCounts = {
  sign_ups: number;
  ok: number;
  failed: number;
  orders: number;
  revenue: string;
  /** The revenue's sum over all currencies: only for the change against the day before. */
  revenue_sum: number;
  refunds: number;
  refunded: string;
  active: number;
  lessons: number;
  opened: number;
  shipped: number;
  open: number;
};

/** The brief's figures over [from, to). */
async function briefCounts(db: Db, from: string, to: string): Promise<BriefCounts> {
  const within = (column: string) =>
    sql`${sql.raw(column)} >= ${from}::timestamptz AND ${sql.raw(column)} < ${to}::timestamptz`;
  const [row] = await rows<BriefCounts>(
    db,
    sql`SELECT
       (SELECT count(*)::int FROM users WHERE ${within('created_at')}) AS sign_ups,
       (SELECT count(*)::int FROM login_events WHERE success AND method = 'signin' AND ${within('created_at')}) AS ok,
       (SELECT count(*)::int FROM login_events WHERE NOT success AND ${within('created_at')}) AS failed,
       (SELECT count(*)::int FROM orders WHERE ${within('created_at')}) AS orders,
       ${money(sql`status <> 'cancelled' AND ${within('created_at')}`)} AS revenue,
       (SELECT coalesce(sum(total), 0)::float8 FROM orders WHERE status <> 'cancelled' AND ${within('created_at')}) AS revenue_sum,
       (SELECT count(*)::int FROM orders WHERE status = 'refunded' AND ${within('created_at')}) AS refunds,
       ${money(sql`status = 'refunded' AND ${within('created_at')}`)} AS refunded,
       (SELECT count(DISTINCT user_id)::int FROM lesson_progress WHERE ${within('completed_at')}) AS active,
       (SELECT count(*)::int FROM lesson_progress WHERE ${within('completed_at')}) AS lessons,
       (SELECT count(*)::int FROM missions WHERE ${within('created_at')}) AS opened,
       (SELECT count(*)::int FROM missions WHERE ${within('shipped_at')}) AS shipped,
       (SELECT count(*)::int FROM missions WHERE status <> 'SHIPPED') AS open`,
  );
  return row!;
}

/** " (▲ 50%)" / " (▼ 20%)" / " (=)" vs the day before; " (new)" when the day before had none. */
export function versus(now: number, before: number): string {
  if (now === before) return ' (=)';
  if (before === 0) return ' (▲ new)';
  const change = Math.round(((now - before) / before) * 100);
  return ` (${now > before ? '▲' : '▼'} ${Math.abs(change)}%)`;
}

/**
 * The last 24 hours in one screen: who came, what sold, what broke, what shipped; each figure with
 * its change against the 24 hours before.
 */
export async function morningBrief(db: Db, now = new Date()): Promise<MorningBrief> {
  const to = now.toISOString();
  const from = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  const dayBefore = new Date(now.getTime() - 48 * 3_600_000).toISOString();
  const within = (column: string) =>
    sql`${sql.raw(column)} >= ${from}::timestamptz AND ${sql.raw(column)} < ${to}::timestamptz`;
  const [row, before] = await Promise.all([briefCounts(db, from, to), briefCounts(db, dayBefore, from)]);
  const notable = await rows<{ type: string; count: number }>(
    db,
    sql`SELECT type, count(*)::int AS count FROM events
         WHERE ${within('ts')} AND type NOT LIKE 'staff.step%' AND type <> 'signals.pulse_ran'
         GROUP BY type ORDER BY count(*) DESC, type LIMIT 8`,
  );
  const r = row;
  const b = before;
  const text = [
    `Morning Brief — last 24 hours (to ${to.slice(0, 16).replace('T', ' ')} UTC), vs the 24 hours before`,
    `• People: ${plural(r.sign_ups, 'sign-up')}${versus(r.sign_ups, b.sign_ups)}; ${plural(r.ok, 'sign-in')}${versus(r.ok, b.ok)}, ${r.failed} failed${versus(r.failed, b.failed)}.`,
    `• Learning: ${plural(r.active, 'active student')}${versus(r.active, b.active)} completed ${plural(r.lessons, 'lesson')}${versus(r.lessons, b.lessons)}.`,
    `• Shop: ${plural(r.orders, 'order')} worth ${r.revenue}${versus(r.revenue_sum, b.revenue_sum)}; ${plural(r.refunds, 'refund')} (${r.refunded})${versus(r.refunds, b.refunds)}.`,
    `• Missions: ${r.opened} opened${versus(r.opened, b.opened)}, ${r.shipped} shipped${versus(r.shipped, b.shipped)}, ${r.open} open now.`,
    notable.length
      ? `• Most frequent events: ${notable.map((event) => `${event.type} ×${event.count}`).join(', ')}.`
      : '• No staff activity.',
  ].join('\n');
  return {
    from,
    to,
    signUps: r.sign_ups,
    signIns: { ok: r.ok, failed: r.failed },
    orders: { count: r.orders, revenue: r.revenue, revenueTotal: r.revenue_sum },
    refunds: { count: r.refunds, amount: r.refunded },
    activeStudents: r.active,
    lessonsCompleted: r.lessons,
    missions: { opened: r.opened, shipped: r.shipped, open: r.open },
    previous: {
      from: dayBefore,
      to: from,
      signUps: b.sign_ups,
      signIns: { ok: b.ok, failed: b.failed },
      orders: { count: b.orders, revenue: b.revenue, revenueTotal: b.revenue_sum },
      refunds: { count: b.refunds, amount: b.refunded },
      activeStudents: b.active,
      lessonsCompleted: b.lessons,
      missions: { opened: b.opened, shipped: b.shipped },
    },
    notable,
    text,
  };
}

/**
 * Posts the brief to the configured Discord channel, or mails it; records `brief.sent`. Nothing
 * about the brief changes state, so the event is written after delivery succeeds.
 */
export async function sendMorningBrief(
  deps: { db: Db; discord: Discord; mailer: Mailer; briefChannelId: string | null },
  context: RequestContext,
  target: { channel: 'discord' | 'email'; to?: string },
): Promise<{ channel: 'discord' | 'email'; destination: string; messageId: string }> {
  const { db, discord, mailer } = deps;
  const brief = await morningBrief(db);
  let destination: string;
  let messageId: string;
  if (target.channel === 'discord') {
    const channelId = deps.briefChannelId;
    if (!discord.configured || !channelId) {
      throw new AppError(
        'not_configured',
        'Set DISCORD_BOT_TOKEN and DISCORD_BRIEF_CHANNEL_ID to post the brief to Discord',
      );
    }
    destination = `discord:${channelId}`;
    ({ messageId } = await discord.postToChannel(
      channelId,
      brief.text,
      `brief${brief.to.slice(0, 13).replace(/\D/g, '')}`,
    ));
  } else {
    const to = target.to ?? context.actor.email;
    if (!to)
      throw new AppError('bad_request', 'Say who gets the brief', [
        { path: 'body.to', message: 'is required' },
      ]);
    // The brief carries the business's numbers: it goes to the team, never to an outside address.
    if (!(await isActiveStaffEmail(db, to)))
      throw new AppError('bad_request', 'The brief is mailed only to staff members', [
        { path: 'body.to', message: "must be an active staff member's address" },
      ]);
    destination = to;
    messageId = `email:${(await mailer.send({ to, template: 'morning_brief', subject: 'Morning Brief', text: brief.text })).emailId}`;
  }
  await appendEvents(db, context, [
    {
      type: 'brief.sent',
      subjectType: 'brief',
      subjectId: brief.to.slice(0, 10),
      payload: { channel: target.channel, destination, messageId },
    },
  ]);
  return { channel: target.channel, destination, messageId };
}

async function isActiveStaffEmail(db: Db, email: string): Promise<boolean> {
  const found = await rows(
    db,
    sql`SELECT 1 FROM users u JOIN admin_users a ON a.user_id = u.id
         WHERE lower(u.email) = lower(${email}) AND u.status = 'active'`,
  );
  return found.length > 0;
}
