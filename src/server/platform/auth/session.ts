import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../contracts/permissions.ts';
import type { Config } from '../../config.ts';
import { type Database, type Db, rows as selectRows } from '../../db/client.ts';
import { safeEqual } from '../crypto.ts';

/**
 * better-auth issues the session cookie; we read it ourselves in one query that also loads the
 * staff row, and re-issue it when the token rotates. The format is better-auth's:
 * `token.base64(HMAC-SHA256(secret, token))`, URI-encoded.
 */
export const COOKIE_PREFIX = 'mc';

/**
 * `__Host-` outside development: the browser then only accepts it Secure, for `/`, without a
 * Domain — no subdomain can set or shadow the session cookie.
 */
export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return `${config.secureCookies ? '__Host-' : ''}${COOKIE_PREFIX}.session_token`;
}

function signature(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64');
}

export function signSessionToken(secret: string, token: string): string {
  return encodeURIComponent(`${token}.${signature(secret, token)}`);
}

/** The token inside a signed cookie value (URI-encoded `token.signature`), or null if the signature fails. */
export function verifySignedSessionValue(secret: string, raw: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw.trim());
  } catch {
    return null;
  }
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  return safeEqual(signature(secret, token), value.slice(dot + 1)) ? token : null;
}

/** A cookie's raw value from the request, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of request.headers.cookie?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index >= 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** The verified token from the request's cookie, or null. */
export function readSessionToken(request: FastifyRequest, config: Config, secret: string): string | null {
  const raw = readCookie(request, sessionCookieName(config));
  return raw === undefined ? null : verifySignedSessionValue(secret, raw);
}

export type SessionInfo = {
  sessionId: string;
  token: string;
  userId: string;
  email: string;
  name: string;
  expiresAt: Date;
  stepUpAt: Date | null;
  lastSeenAt: Date;
  /** Null for a plain member. */
  role: Role | null;
  totpEnrolled: boolean;
};

/**
 * Looks the session up (by token, or by id for a session already verified) with its user and staff
 * row; expired sessions and inactive users get null.
 */
export async function loadSession(
  database: Database,
  token: string,
  by: 'token' | 'id' = 'token',
): Promise<SessionInfo | null> {
  const rows = await database.sql.prepared<{
    session_id: string;
    user_id: string;
    email: string;
    name: string;
    expires_at: Date;
    step_up_at: Date | null;
    last_seen_at: Date;
    role: Role | null;
    totp_enrolled: boolean;
  }>(
    by === 'id' ? 'mc_load_session_by_id' : 'mc_load_session',
    `SELECT s.id AS session_id, s.user_id, u.email, u.name, s.expires_at, s.step_up_at, s.last_seen_at,
            a.role, (a.totp_enrolled_at IS NOT NULL) AS totp_enrolled
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN admin_users a ON a.user_id = s.user_id
      WHERE ${by === 'id' ? 's.id = $1::uuid' : 's.token = $1'} AND s.expires_at > now() AND u.status = 'active'`,
    [token],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    sessionId: row.session_id,
    token: by === 'token' ? token : '',
    userId: row.user_id,
    email: row.email,
    name: row.name,
    expiresAt: new Date(row.expires_at),
    stepUpAt: row.step_up_at ? new Date(row.step_up_at) : null,
    lastSeenAt: new Date(row.last_seen_at),
    role: row.role,
    totpEnrolled: row.totp_enrolled === true,
  };
}

/** A session lives a week from its sign-in or its last renewal (better-auth's `expiresIn`). */
export const SESSION_LIFETIME_S = 60 * 60 * 24 * 7;
/** A session in use is renewed — its week starts again — at most once a day (`updateAge`). */
export const SESSION_RENEW_AFTER_S = 60 * 60 * 24;

/** Whether the session is due for renewal: more than a day since it was issued or last renewed. */
export function renewalDue(session: Pick<SessionInfo, 'expiresAt'>, now = Date.now()): boolean {
  return session.expiresAt.getTime() - now < (SESSION_LIFETIME_S - SESSION_RENEW_AFTER_S) * 1000;
}

/** What a renewal tells its listeners: the session (with its new expiry) and who renewed it. */
export type SessionRenewal = { session: SessionInfo; ip: string | null; userAgent: string | null };
export type SessionRenewalListener = (tx: Db, renewal: SessionRenewal) => Promise<void>;

/**
 * Starts the session's week again if it is still due, in one transaction with what the listeners
 * record (the auth module's `method: 'refresh'` sign-in event). The conditional update lets one of
 * two concurrent requests renew: the other finds it renewed and does nothing, so each renewal is
 * recorded once. The new expiry, or null when another request renewed it first.
 */
export async function renewSession(
  database: Database,
  renewal: SessionRenewal,
  listeners: readonly SessionRenewalListener[],
): Promise<Date | null> {
  return database.db.transaction(async (tx) => {
    const [row] = await selectRows<{ expires_ms: number }>(
      tx,
      sql`UPDATE sessions SET expires_at = now() + make_interval(secs => ${SESSION_LIFETIME_S}), updated_at = now()
           WHERE id = ${renewal.session.sessionId}::uuid
             AND expires_at < now() + make_interval(secs => ${SESSION_LIFETIME_S - SESSION_RENEW_AFTER_S})
         RETURNING (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms`,
    );
    if (!row) return null;
    const expiresAt = new Date(Number(row.expires_ms));
    for (const listener of listeners)
      await listener(tx, { ...renewal, session: { ...renewal.session, expiresAt } });
    return expiresAt;
  });
}

/** Whether two reads of a session agree on everything a request may act on (last_seen_at aside). */
export function sameSession(a: SessionInfo, b: SessionInfo): boolean {
  return (
    a.sessionId === b.sessionId &&
    a.userId === b.userId &&
    a.email === b.email &&
    a.name === b.name &&
    a.role === b.role &&
    a.totpEnrolled === b.totpEnrolled &&
    a.expiresAt.getTime() === b.expiresAt.getTime() &&
    (a.stepUpAt?.getTime() ?? null) === (b.stepUpAt?.getTime() ?? null)
  );
}

export function newSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Sets the session cookie with the same attributes better-auth uses. */
export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  secret: string,
  token: string,
  expiresAt: Date,
) {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const attributes = [
    `${sessionCookieName(config)}=${signSessionToken(secret, token)}`,
    `Max-Age=${maxAge}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(config.secureCookies ? ['Secure'] : []),
  ];
  reply.header('set-cookie', attributes.join('; '));
}

export function stepUpExpiry(session: Pick<SessionInfo, 'stepUpAt'>, timeoutMs: number): Date | null {
  if (!session.stepUpAt) return null;
  const expires = new Date(session.stepUpAt.getTime() + timeoutMs);
  return expires.getTime() > Date.now() ? expires : null;
}
