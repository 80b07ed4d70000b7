import type { Permission } from '../../contracts/permissions.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Discord } from '../integrations/discord.ts';
import type { Mailer } from '../integrations/mailer.ts';
import type { Payments } from '../integrations/stripe.ts';
import type { RequestContext } from './audit/append.ts';
import type { EventHub } from './audit/hub.ts';
import type { Auth } from './auth/better-auth.ts';
import type { SessionInfo, SessionRenewalListener } from './auth/session.ts';
import type { Keys } from './crypto.ts';
import type { HealthRegistry } from './health.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import type { JobRunner } from './jobs/runner.ts';
import type { Reads } from './reads.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * What a route must say about who may call it:
 * - `public`: anyone;
 * - `signed_in`: any signed-in account, member or staff;
 * - `staff`: any staff role, without a fresh step-up (only for /me and the step-up itself);
 * - a permission: a staff role holding it, with a fresh TOTP step-up.
 */
export type Guard = 'public' | 'signed_in' | 'staff' | Permission;

/**
 * What the app shares, decorated on the Fastify instance as `app.mc`. Routes and jobs take from it
 * the few things each service uses and hand them over; services never take the whole of it.
 */
export type Platform = {
  config: Config;
  database: Database;
  /** Where list, search, export and analytics reads run (the replica or the primary): `readerFor`. */
  reads: Reads;
  keys: Keys;
  auth: Auth;
  hub: EventHub;
  telemetry: Telemetry;
  mailer: Mailer;
  discord: Discord;
  payments: Payments;
  /**
   * Called in the transaction of each session renewal (platform/auth/session.ts): the auth module
   * records it as a sign-in event with `method: 'refresh'`.
   */
  sessionRenewalListeners: SessionRenewalListener[];
  /** Scheduled jobs; started by main.ts (tests run them on demand). */
  jobs: JobRunner<Platform>;
  /** Health probes modules registered (System reads them; it cannot import their owners). */
  health: HealthRegistry;
  startedAt: Date;
};

/** A registered route as the route walk sees it: `guard` null when it declares none. */
export type RouteEntry = {
  method: string;
  url: string;
  guard: Guard | null;
  idempotent: boolean;
  /** Its query schema: none, a strict object (unknown parameters are a 400) or a loose one. */
  query: 'none' | 'strict' | 'loose';
};

declare module 'fastify' {
  interface FastifyContextConfig {
    guard?: Guard;
    /**
     * Accept an `Idempotency-Key` header: same key and body replay the first answer. `'required'`
     * for commits that move money or tokens: a client retrying without a key could do it twice.
     */
    idempotent?: boolean | 'required';
    /**
     * A GET whose handler only reads and returns its answer: it may start while the session check is
     * still on its way, and its answer is sent only if the check agrees (see the guard).
     */
    readOnly?: boolean;
  }
  interface FastifyInstance {
    mc: Platform;
    /** Every route registered, guarded or not (HEAD aside). */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    session: SessionInfo | null;
    /** The verified actor, request id and client IP, for the mutation helper and events. */
    context: RequestContext;
    idempotency: IdempotencyRequest | null;
    /**
     * A read-only request started on the session last seen with its token: starts (once) the check of
     * the session as it is now, which resolves null when it agrees, the current session when it
     * differs, or rejects with the refusal. Whoever sends the answer awaits it first.
     */
    sessionCheck: (() => Promise<SessionInfo | null>) | null;
  }
}
