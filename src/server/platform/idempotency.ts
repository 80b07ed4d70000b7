import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { type Db, rows } from '../db/client.ts';
import { AppError } from '../errors.ts';

/**
 * Idempotency-Key, in one place: the key is read from the header and bound to the route and the
 * request; a mutation claims it in its own transaction and stores its answer there; a request
 * whose key is already claimed replays the stored answer (the same key with another request is
 * 422); keys are forgotten after 24 hours.
 */
export type IdempotencyRequest = { key: string; route: string; requestHash: string };

const KEY = /^[\x21-\x7e]{1,200}$/;
const KEPT_FOR = sql`interval '24 hours'`;

/** The preHandler of idempotent routes: the checked key, bound to route, parameters and body. */
export async function readIdempotencyKey(request: FastifyRequest) {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    if (request.routeOptions.config.idempotent !== 'required') return;
    throw new AppError('bad_request', 'Send an Idempotency-Key: this moves money or tokens, once per key', [
      { path: 'headers.idempotency-key', message: 'is required' },
    ]);
  }
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new AppError('bad_request', 'Idempotency-Key must be 1–200 visible ASCII characters', [
      { path: 'headers.idempotency-key', message: 'must be 1–200 visible ASCII characters' },
    ]);
  }
  const route = `${request.method} ${request.routeOptions.url}`;
  const requestHash = createHash('sha256')
    .update(JSON.stringify([route, request.params ?? null, request.body ?? null]))
    .digest('hex');
  request.idempotency = { key: header, route, requestHash };
}

/**
 * Claims the key for this actor in `tx`, the transaction that will store the answer. False when it
 * is claimed already; a claim still in flight (a concurrent duplicate) is waited for first, so the
 * answer can then be replayed.
 */
export async function claimKey(tx: Db, actorId: string, idempotency: IdempotencyRequest): Promise<boolean> {
  const claimed = await rows(
    tx,
    sql`INSERT INTO idempotency_keys (actor_id, key, route, request_hash, status_code)
        VALUES (${actorId}, ${idempotency.key}, ${idempotency.route}, ${idempotency.requestHash}, 0)
        ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
  );
  return claimed.length > 0;
}

/** Stores the answer under the key claimed in the same transaction. */
export async function storeAnswer(
  tx: Db,
  actorId: string,
  idempotency: IdempotencyRequest,
  answer: unknown,
): Promise<void> {
  await tx.execute(sql`
    UPDATE idempotency_keys SET status_code = 200, response = ${JSON.stringify(answer ?? null)}::jsonb
     WHERE actor_id = ${actorId} AND key = ${idempotency.key}`);
}

/** The answer stored under a key an earlier request claimed; 422 when that request was another one. */
export async function replayAnswer<T>(db: Db, actorId: string, idempotency: IdempotencyRequest): Promise<T> {
  const [stored] = await rows<{ request_hash: string; response: unknown }>(
    db,
    sql`SELECT request_hash, response FROM idempotency_keys WHERE actor_id = ${actorId} AND key = ${idempotency.key}`,
  );
  if (!stored) throw new AppError('conflict', 'The earlier request with this Idempotency-Key is gone; retry');
  if (stored.request_hash !== idempotency.requestHash) {
    throw new AppError('idempotency_conflict', 'This Idempotency-Key was used for a different request');
  }
  return stored.response as T;
}

/**
 * Whether this key already has an answer. What acts outside the database (a mail, many mutations in
 * a row) looks before acting, and replays instead.
 */
export async function alreadyAnswered(
  db: Db,
  actorId: string | null,
  idempotency: IdempotencyRequest | null | undefined,
): Promise<boolean> {
  if (!idempotency || !actorId) return false;
  const found = await rows(
    db,
    sql`SELECT 1 FROM idempotency_keys WHERE actor_id = ${actorId} AND key = ${idempotency.key}`,
  );
  return found.length > 0;
}

/** Forgets keys older than a day (the platform's housekeeping job); answers how many. */
export async function forgetExpiredKeys(db: Db): Promise<number> {
  const forgotten = await rows(
    db,
    sql`DELETE FROM idempotency_keys WHERE created_at < now() - ${KEPT_FOR} RETURNING 1`,
  );
  return forgotten.length;
}
