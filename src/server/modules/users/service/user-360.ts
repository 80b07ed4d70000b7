import { sql } from 'drizzle-orm';
import { maskIp, maskIpsInText } from '../../../../contracts/pii.ts';
import type { LoginEventRow, NoteRow, SessionRow, User360 } from '../../../../contracts/users.ts';
import { type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { isoText } from './iso-text.ts';

type SessionRecord = {
  id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
};

/**
 * A member's live sessions, most recently seen first. IPs are masked, except for the member's own
 * list (`fullIps`): it is their own data.
 */
export async function listSessions(
  db: Db,
  userId: string,
  options: { fullIps?: boolean } = {},
): Promise<SessionRow[]> {
  const records = await rows<SessionRecord>(
    db,
    sql`SELECT id::text AS id, host(ip) AS ip, user_agent, ${isoText('created_at')} AS created_at,
               ${isoText('last_seen_at')} AS last_seen_at, ${isoText('expires_at')} AS expires_at
          FROM sessions WHERE user_id = ${userId}::uuid AND expires_at > now()
         ORDER BY sessions.last_seen_at DESC, sessions.id`,
  );
  return records.map((record) => ({
    id: record.id,
    ip: maskIp(record.ip, options.fullIps),
    userAgent: record.user_agent,
    createdAt: record.created_at,
    lastSeenAt: record.last_seen_at,
    expiresAt: record.expires_at,
  }));
}

/** 404 unless the member exists. */
export async function assertUserExists(db: Db, userId: string): Promise<void> {
  const found = await rows(db, sql`SELECT 1 FROM users WHERE id = ${userId}::uuid`);
  if (found.length === 0) throw new AppError('not_found', `No member ${userId}`);
}

/** Notes about a member, newest first, with their authors' emails. */
export async function listNotes(db: Db, userId: string, where = sql`true`): Promise<NoteRow[]> {
  const records = await rows<{ id: string; body: string; author_email: string | null; created_at: string }>(
    db,
    sql`SELECT n.id::text AS id, n.body, a.email AS author_email, ${isoText('n.created_at')} AS created_at
          FROM notes n LEFT JOIN users a ON a.id = n.author_id
         WHERE n.user_id = ${userId}::uuid AND ${where}
         ORDER BY n.created_at DESC, n.id DESC`,
  );
  return records.map((record) => ({
    id: record.id,
    body: record.body,
    authorEmail: record.author_email,
    createdAt: record.created_at,
  }));
}

/** A note as a viewer sees it: IPs written in its text are masked unless they may see PII. */
export function noteForViewer(note: NoteRow, canViewPii: boolean): NoteRow {
  return canViewPii ? note : { ...note, body: maskIpsInText(note.body) };
}

/**
 * Everything staff need about one member in one answer. Every IP field is masked: full values come
 * only from the audited reveal; IPs inside notes are masked for viewers without `view_pii`.
 * Identities never carry passwords or tokens.
 */
export async function getUser360(db: Db, userId: string, viewer: { canViewPii: boolean }): Promise<User360> {
  const accounts = await rows<{
    id: string;
    email: string;
    name: string;
    first_name: string | null;
    last_name: string | null;
    picture_url: string | null;
    role: User360['account']['role'];
    status: User360['account']['status'];
    joined: string;
    email_verified: boolean;
    stripe_customer_id: string | null;
    marketing_opt_in: boolean;
    auth_provider: User360['auth']['authProvider'];
    mfa_enabled: boolean;
    last_login_at: string | null;
    last_ip: string | null;
    last_user_agent: string | null;
    orders_count: number;
    lifetime_value: string;
    last_order_at: string | null;
  }>(
    db,
    sql`SELECT u.id::text AS id, u.email, u.name, u.first_name, u.last_name, u.picture_url,
               coalesce(a.role, 'user') AS role, u.status, ${isoText('u.created_at')} AS joined,
               (u.email_verified OR u.email_verified_at IS NOT NULL) AS email_verified,
               u.stripe_customer_id, u.marketing_opt_in, u.auth_provider, u.mfa_enabled,
               ${isoText('u.last_login_at')} AS last_login_at, host(u.last_ip) AS last_ip, u.last_user_agent,
               coalesce(ua.orders_count, 0)::int AS orders_count,
               coalesce(ua.lifetime_value, 0)::numeric(12, 2)::text AS lifetime_value,
               ${isoText('ua.last_order_at')} AS last_order_at
          FROM users u
          LEFT JOIN admin_users a ON a.user_id = u.id
          LEFT JOIN user_aggregate ua ON ua.id = u.id
         WHERE u.id = ${userId}::uuid`,
  );
  const account = accounts[0];
  if (!account) throw new AppError('not_found', `No member ${userId}`);

  const [identities, sessions, activity, orders, addresses, emails, notes] = await Promise.all([
    rows<{ provider: string; provider_user_id: string; email: string | null; created_at: string }>(
      db,
      sql`SELECT provider, provider_user_id, email, ${isoText('created_at')} AS created_at
            FROM user_identities WHERE user_id = ${userId}::uuid ORDER BY user_identities.created_at, user_identities.id`,
    ),
    listSessions(db, userId),
    rows<{
      id: string;
      provider: string;
      method: string;
      success: boolean;
      error_code: string | null;
      ip: string | null;
      user_agent: string | null;
      country: string | null;
      region: string | null;
      city: string | null;
      risk_score: number | null;
      created_at: string;
    }>(
      db,
      sql`SELECT id::text AS id, provider, method, success, error_code, host(ip) AS ip, user_agent,
                 country, region, city, risk_score, ${isoText('created_at')} AS created_at
            FROM login_events WHERE user_id = ${userId}::uuid
           ORDER BY login_events.created_at DESC, login_events.id DESC LIMIT 50`,
    ),
    rows<{
      id: string;
      number: string;
      status: string;
      currency: string;
      total: string;
      created_at: string;
    }>(
      db,
      sql`SELECT id::text AS id, number, status, currency, total::text AS total, ${isoText('created_at')} AS created_at
            FROM orders WHERE user_id = ${userId}::uuid ORDER BY orders.created_at DESC, orders.id DESC LIMIT 10`,
    ),
    rows<{
      id: string;
      kind: 'shipping' | 'billing';
      name: string | null;
      line1: string;
      line2: string | null;
      city: string;
      region: string | null;
      postal_code: string | null;
      country: string;
      is_default: boolean;
    }>(
      db,
      sql`SELECT id::text AS id, kind, name, line1, line2, city, region, postal_code, country, is_default
            FROM addresses WHERE user_id = ${userId}::uuid ORDER BY addresses.is_default DESC, addresses.created_at, addresses.id`,
    ),
    rows<{
      id: string;
      template: string;
      subject: string;
      status: 'queued' | 'sent' | 'failed';
      error: string | null;
      created_at: string;
      sent_at: string | null;
    }>(
      db,
      sql`SELECT id::text AS id, template, subject, status, error, ${isoText('created_at')} AS created_at,
                 ${isoText('sent_at')} AS sent_at
            FROM emails WHERE user_id = ${userId}::uuid ORDER BY emails.created_at DESC, emails.id DESC LIMIT 20`,
    ),
    listNotes(db, userId),
  ]);

  return {
    account: {
      id: account.id,
      email: account.email,
      name: account.name,
      firstName: account.first_name,
      lastName: account.last_name,
      pictureUrl: account.picture_url,
      role: account.role,
      status: account.status,
      joined: account.joined,
      emailVerified: account.email_verified,
      stripeCustomerId: account.stripe_customer_id,
      marketingOptIn: account.marketing_opt_in,
    },
    auth: {
      authProvider: account.auth_provider,
      identities: identities.map((identity) => ({
        provider: identity.provider === 'credential' ? 'password' : identity.provider,
        providerUserId: identity.provider_user_id,
        email: identity.email,
        createdAt: identity.created_at,
      })),
      mfaEnabled: account.mfa_enabled,
      lastLoginAt: account.last_login_at,
      lastIp: maskIp(account.last_ip),
      lastUserAgent: account.last_user_agent,
    },
    sessions,
    activity: activity.map(
      (event): LoginEventRow => ({
        id: event.id,
        provider: event.provider,
        method: event.method,
        success: event.success,
        errorCode: event.error_code,
        ip: maskIp(event.ip),
        userAgent: event.user_agent,
        country: event.country,
        region: event.region,
        city: event.city,
        riskScore: event.risk_score === null ? null : Number(event.risk_score),
        createdAt: event.created_at,
      }),
    ),
    commerce: {
      ordersCount: Number(account.orders_count),
      lifetimeValue: account.lifetime_value,
      lastOrderAt: account.last_order_at,
      recentOrders: orders.map((order) => ({
        id: order.id,
        number: order.number,
        status: order.status,
        currency: order.currency,
        total: order.total,
        createdAt: order.created_at,
      })),
    },
    addresses: addresses.map((address) => ({
      id: address.id,
      kind: address.kind,
      name: address.name,
      line1: address.line1,
      line2: address.line2,
      city: address.city,
      region: address.region,
      postalCode: address.postal_code,
      country: address.country,
      isDefault: address.is_default,
    })),
    emails: emails.map((email) => ({
      id: email.id,
      template: email.template,
      subject: email.subject,
      status: email.status,
      error: email.error,
      createdAt: email.created_at,
      sentAt: email.sent_at,
    })),
    notes: notes.map((note) => noteForViewer(note, viewer.canViewPii)),
  };
}
