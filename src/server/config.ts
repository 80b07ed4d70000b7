import { z } from 'zod';
import { APP_ENVS } from '../contracts/system.ts';

/**
 * The only place that reads the environment. Everything else receives a `Config`.
 * APP_ENV is explicit: nothing here looks at host names or ports to guess where we run.
 */

const DURATION = /^(\d+)\s*(ms|s|m|h)?$/;

/** "30m", "90s", "1h", "250ms" or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] ?? 1000;
  return value * factor;
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration like 30m, 90s, 1h or 250ms' });
        return z.NEVER;
      }
      return ms;
    });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) =>
    value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(value),
  );

/** "10/60s": at most 10 attempts per 60 seconds. */
const rateRule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const [count, window] = text.split('/');
      const max = Number(count);
      const windowMs = window ? parseDuration(window) : null;
      if (!Number.isInteger(max) || max < 1 || windowMs === null) {
        ctx.addIssue({ code: 'custom', message: 'must look like 10/60s (attempts per window)' });
        return z.NEVER;
      }
      return { max, windowMs };
    });

const EnvSchema = z.object({
  APP_ENV: z.enum(APP_ENVS).default('development'),
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3011),
  PUBLIC_URL: optionalText.pipe(z.url().optional()),
  TRUSTED_ORIGINS: optionalText,
  TRUST_PROXY: optionalText,
  DATABASE_URL: optionalText,
  MIGRATION_DATABASE_URL: optionalText,
  DATABASE_REPLICA_URL: optionalText,
  REPLICA_MAX_LAG: duration('5s'),
  REPLICA_WAIT: duration('200ms').refine((ms) => ms <= 5_000, 'must be at most 5s'),
  MC_DATA_DIR: z.string().default('./data'),
  MC_SECRET_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ADMIN_SESSION_TIMEOUT: duration('30m').refine((ms) => ms <= 86_400_000, 'must be at most 24h'),
  SIGNIN_RATE_LIMIT: rateRule('10/60s'),
  STEP_UP_RATE_LIMIT: rateRule('5/300s'),
  STEP_UP_DAILY_FAILURES: rateRule('20/24h'),
  SIGNIN_ACCOUNT_RATE_LIMIT: rateRule('100/3600s'),
  SIGNIN_THROTTLE_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  SIGNIN_THROTTLE_WAIT: duration('30s'),
  SIGNIN_THROTTLE_MAX_WAIT: duration('15m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: flag,
  MAX_GRANT_PER_CALL: z.coerce.number().int().positive().default(10000),
  SERVE_WEB: flag,
  SMTP_URL: optionalText,
  MAIL_FROM: z.string().default('Mission Control <no-reply@localhost>'),
  /** Keep mail in the local outbox (System → Outbox) instead of sending it; default: development without SMTP_URL. */
  MAIL_OUTBOX: flag,
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
  /** The seed-001 console blocks (ADMIN_ENHANCED); System → Settings overrides it at runtime. */
  ADMIN_ENHANCED: flag,
  LOGIN_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  DISCORD_BOT_TOKEN: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  DISCORD_BRIEF_CHANNEL_ID: optionalText,
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_API_BASE: optionalText.pipe(z.url().optional()),
  STRIPE_TIMEOUT: duration('10s'),
  STRIPE_WEBHOOK_SECRET: optionalText,
  /**
   * Test-only fault injection: `after_stripe_refund` kills the process between Stripe and the ledger;
   * `during_stripe_sync` kills it after the first page a sync stored.
   */
  MC_FAULT: z.enum(['after_stripe_refund', 'during_stripe_sync']).optional(),
});

export type Config = {
  appEnv: (typeof APP_ENVS)[number];
  nodeEnv: string;
  host: string;
  port: number;
  publicUrl: string;
  trustedOrigins: string[];
  trustProxy: string | boolean;
  databaseUrl: string | undefined;
  migrationDatabaseUrl: string | undefined;
  /**
   * A streaming replica of DATABASE_URL for list, search, export and analytics reads
   * (`platform/reads.ts`): used while its lag is at most `maxLagMs`; a session that just wrote waits
   * up to `waitMs` for the replica to replay its commit, then reads from the primary.
   */
  replica: { url: string | undefined; maxLagMs: number; waitMs: number };
  dataDir: string;
  /** Undefined only outside production; `loadSecretKey` then keeps one in the data folder. */
  secretKey: string | undefined;
  adminSessionTimeoutMs: number;
  signInRateLimit: { max: number; windowMs: number };
  stepUpRateLimit: { max: number; windowMs: number };
  /** Wrong codes per account per day before step-up locks until the day's window ends. */
  stepUpDailyFailures: { max: number; windowMs: number };
  /** The ceiling: failed sign-ins per account across every client IP; past it everyone waits and a card opens. */
  signInAccountRateLimit: { max: number; windowMs: number };
  /** Per account and client IP: after `after` failures each one more makes that IP wait, doubling from `waitMs` up to `maxWaitMs`. */
  signInThrottle: { after: number; waitMs: number; maxWaitMs: number };
  logLevel: string;
  /** Seed demo accounts and data on an empty database. Defaults to on for embedded, off for a server. */
  demoData: boolean;
  maxGrantPerCall: number;
  /** Serve (and on first start build) the web console from this server; off for API-only instances. */
  serveWeb: boolean;
  /** SMTP for transactional mail (password resets, messages); unset → mail actions say "not configured". */
  smtp: { url: string; from: string } | null;
  /** Development without SMTP: mail is kept in `dev_outbox` for staff to read, not sent. */
  mailOutbox: boolean;
  /** Google sign-in (OpenID Connect); the issuer is configurable so tests can use a local one. */
  google: { clientId: string; clientSecret: string; issuer: string } | null;
  /** Discord bot for DMs (Catch Stragglers) and the Morning Brief channel; unset → "not configured". */
  discord: { token: string; apiUrl: string; briefChannelId: string | null } | null;
  /** Stripe (refunds); `apiBase` lets tests point the official SDK at a local Stripe-protocol server. */
  stripe: { secretKey: string; apiBase: string | null; timeoutMs: number } | null;
  /** Signing secret of the Stripe webhook endpoint (`whsec_…`); unset → the receiver answers 503. */
  stripeWebhookSecret: string | null;
  fault: 'after_stripe_refund' | 'during_stripe_sync' | null;
  /** Default of System → Settings' "Enhanced console" (seed 001 §8): the new UI blocks on or off. */
  adminEnhanced: boolean;
  /** Default for the System → Settings value; raw login events older than this are rolled up. */
  loginEventRetentionDays: number;
  /** Cookies get `Secure` and answers get HSTS everywhere but development. */
  secureCookies: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.APP_ENV === 'production') {
    if (!e.MC_SECRET_KEY) problems.push('MC_SECRET_KEY: required when APP_ENV=production');
    if (!e.DATABASE_URL)
      problems.push('DATABASE_URL: required when APP_ENV=production (no embedded database)');
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL: required when APP_ENV=production');
    if (e.DEMO_DATA) problems.push('DEMO_DATA: demo accounts are refused when APP_ENV=production');
    if (e.MAIL_OUTBOX) problems.push('MAIL_OUTBOX: the local outbox is refused when APP_ENV=production');
  }
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    problems.push('DATABASE_REPLICA_URL: needs DATABASE_URL (the embedded database has no replica)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const trustedOrigins = [
    new URL(publicUrl).origin,
    ...twinOrigins(publicUrl, e.APP_ENV),
    ...(e.TRUSTED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  ];
  return {
    appEnv: e.APP_ENV,
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    trustedOrigins,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    replica: { url: e.DATABASE_REPLICA_URL, maxLagMs: e.REPLICA_MAX_LAG, waitMs: e.REPLICA_WAIT },
    dataDir: e.MC_DATA_DIR,
    secretKey: e.MC_SECRET_KEY,
    adminSessionTimeoutMs: e.ADMIN_SESSION_TIMEOUT,
    signInRateLimit: e.SIGNIN_RATE_LIMIT,
    stepUpRateLimit: e.STEP_UP_RATE_LIMIT,
    stepUpDailyFailures: e.STEP_UP_DAILY_FAILURES,
    signInAccountRateLimit: e.SIGNIN_ACCOUNT_RATE_LIMIT,
    signInThrottle: {
      after: e.SIGNIN_THROTTLE_AFTER,
      waitMs: e.SIGNIN_THROTTLE_WAIT,
      maxWaitMs: Math.max(e.SIGNIN_THROTTLE_MAX_WAIT, e.SIGNIN_THROTTLE_WAIT),
    },
    logLevel: e.LOG_LEVEL,
    // Public demo passwords: only on a development machine's embedded database unless asked for.
    demoData: e.DEMO_DATA ?? (!e.DATABASE_URL && e.APP_ENV === 'development'),
    maxGrantPerCall: e.MAX_GRANT_PER_CALL,
    serveWeb: e.SERVE_WEB ?? true,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    // Mail is never lost on a development machine: without SMTP it lands in the local outbox.
    mailOutbox: !e.SMTP_URL && (e.MAIL_OUTBOX ?? e.APP_ENV === 'development'),
    google:
      e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? {
            clientId: e.GOOGLE_CLIENT_ID,
            clientSecret: e.GOOGLE_CLIENT_SECRET,
            issuer: e.GOOGLE_ISSUER.replace(/\/$/, ''),
          }
        : null,
    loginEventRetentionDays: e.LOGIN_EVENT_RETENTION_DAYS,
    adminEnhanced: e.ADMIN_ENHANCED ?? true,
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE ?? null, timeoutMs: e.STRIPE_TIMEOUT }
      : null,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
    fault: e.APP_ENV === 'production' ? null : (e.MC_FAULT ?? null),
    discord:
      e.DISCORD_BOT_TOKEN || e.DISCORD_TOKEN
        ? {
            token: (e.DISCORD_BOT_TOKEN ?? e.DISCORD_TOKEN)!,
            apiUrl: e.DISCORD_API_URL.replace(/\/$/, ''),
            briefChannelId: e.DISCORD_BRIEF_CHANNEL_ID ?? null,
          }
        : null,
    secureCookies: e.APP_ENV !== 'development',
  };
}

/**
 * In development, localhost and 127.0.0.1 are the same machine: a console opened at either may
 * write (Origin checks), so the public URL's twin is trusted too.
 */
function twinOrigins(publicUrl: string, appEnv: string): string[] {
  if (appEnv !== 'development') return [];
  const url = new URL(publicUrl);
  const twin = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' }[url.hostname];
  if (!twin) return [];
  url.hostname = twin;
  return [url.origin];
}

/** TRUST_PROXY: unset → trust nobody; "true" → any hop; otherwise a comma list of addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): string | boolean {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

/** Settings for a test or benchmark: the defaults, plus what the caller says. */
export function configFor(overrides: Record<string, string | undefined>): Config {
  return loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', MAIL_OUTBOX: 'false', ...overrides });
}

/** Test and tool settings read from the environment (kept here so nothing else reads it). */
export function toolEnv() {
  return {
    testDatabaseUrl: process.env.TEST_DATABASE_URL?.trim() || undefined,
    /** A streaming replica of TEST_DATABASE_URL's server (`.ci/run` starts one on port 5433). */
    testReplicaUrl: process.env.TEST_REPLICA_URL?.trim() || undefined,
    benchDatabaseUrl: process.env.BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres',
    chromiumPath: process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
  };
}
