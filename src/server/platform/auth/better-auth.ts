import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import { type Database, rows } from '../../db/client.ts';
import type { Mailer } from '../../integrations/mailer.ts';
import type { Keys } from '../crypto.ts';
import { googlePlugins } from './google.ts';
import { sessions, userIdentities, users, verifications } from './schema.ts';
import { COOKIE_PREFIX, SESSION_LIFETIME_S, SESSION_RENEW_AFTER_S, sessionCookieName } from './session.ts';

/** The header our proxy sets to the client IP Fastify resolved (honouring TRUST_PROXY only). */
export const CLIENT_IP_HEADER = 'x-mc-client-ip';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function createAuth(deps: {
  config: Config;
  database: Database;
  keys: Keys;
  mailer: Mailer;
  log: FastifyBaseLogger;
}) {
  const { config, database, keys, mailer, log } = deps;
  return betterAuth({
    appName: 'Mission Control',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: keys.auth,
    trustedOrigins: config.trustedOrigins,
    database: drizzleAdapter(database.db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: userIdentities, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      autoSignIn: false,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await mailer.send({
          to: user.email,
          userId: user.id,
          template: 'password_reset',
          subject: 'Reset your password',
          text: `Someone (perhaps our support team, at your request) asked to reset the password of ${user.email}.\n\nChoose a new password here (valid for one hour):\n${url}\n\nIf you did not expect this, you can ignore this message.`,
        });
      },
    },
    session: {
      // Renewal itself is the guard's (renewSession): better-auth's get-session is not exposed.
      expiresIn: SESSION_LIFETIME_S,
      updateAge: SESSION_RENEW_AFTER_S,
      // Off: a cached session cookie would outlive revocation and token rotation.
      cookieCache: { enabled: false },
    },
    plugins: googlePlugins(config),
    account: {
      // A Google account joins an existing member only through an explicit link made while signed
      // in, never because the emails match (someone could own that address at Google).
      accountLinking: { enabled: true, disableImplicitLinking: true },
    },
    // Ours (platform/rate-limit.ts) is shared across instances and covers step-up too.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      // better-auth would prefix `__Secure-` to every name; the session cookie is named in full
      // (`__Host-` outside development, see sessionCookieName), the others keep the Secure attribute.
      useSecureCookies: false,
      cookies: { session_token: { name: sessionCookieName(config), attributes: { path: '/' } } },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
      database: { generateId: 'uuid' },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    databaseHooks: {
      session: {
        create: {
          // Runs after the password (or Google) checked out: a suspended or deleted member gets no session.
          before: async (session) => {
            const [user] = await rows<{ status: string }>(
              database.db,
              sql`SELECT status FROM users WHERE id = ${session.userId}`,
            );
            if (user?.status === 'suspended') {
              throw new APIError('FORBIDDEN', {
                message: 'This account is suspended',
                code: 'ACCOUNT_SUSPENDED',
              });
            }
            if (user?.status !== 'active') {
              throw new APIError('UNAUTHORIZED', {
                message: 'Invalid email or password',
                code: 'INVALID_EMAIL_OR_PASSWORD',
              });
            }
          },
        },
      },
    },
    logger: {
      level: 'warn',
      log: (level, message) => {
        // Only the message: better-auth's extra arguments can carry request data.
        const pinoLevel = level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug';
        log[pinoLevel]({ source: 'better-auth' }, message);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
