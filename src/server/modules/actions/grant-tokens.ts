import { sql } from 'drizzle-orm';
import type { GrantTokensBody, GrantTokensPreview } from '../../../contracts/actions.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';
import { refuseSelfAction } from '../../platform/self-action.ts';
import { recordOnBoard } from '../missions/index.ts';

/** The member, the amount and their balance before and after; refused over the per-call cap. */
export async function previewGrant(
  db: Db,
  body: GrantTokensBody,
  maxPerCall: number,
): Promise<GrantTokensPreview> {
  if (body.amount > maxPerCall) {
    throw new AppError('bad_request', `At most ${maxPerCall} tokens per grant (MAX_GRANT_PER_CALL)`, [
      { path: 'body.amount', message: `must be at most ${maxPerCall}` },
    ]);
  }
  const [user] = await rows<{ id: string; email: string; name: string; status: string; balance: string }>(
    db,
    sql`SELECT id::text AS id, email, name, status, token_balance(id)::text AS balance FROM users WHERE id = ${body.userId}::uuid`,
  );
  if (!user) throw new AppError('not_found', `No member ${body.userId}`);
  if (user.status !== 'active') throw new AppError('conflict', `This member is ${user.status}`);
  const before = Number(user.balance);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    amount: body.amount,
    balanceBefore: before,
    balanceAfter: before + body.amount,
    maxPerCall,
  };
}

/**
 * Grants tokens through award_tokens(). The ledger's source id comes from the Idempotency-Key, so
 * retries (and 100 identical requests at once) make exactly one ledger row.
 */
export async function grantTokens(
  database: Database,
  context: RequestContext,
  body: GrantTokensBody,
  maxPerCall: number,
  idempotency: IdempotencyRequest | null,
) {
  await refuseSelfAction(database.db, context, 'grant_tokens', body.userId);
  const sourceId = idempotency
    ? `grant:${context.actor.id}:${idempotency.key}`
    : `grant:${context.requestId}`;
  return mutate(
    database,
    context,
    async (tx) => {
      const preview = await previewGrant(tx, body, maxPerCall);
      const [row] = await rows<{ id: string; created_at: string }>(
        tx,
        sql`SELECT (r).id::text AS id, (r).created_at
              FROM (SELECT award_tokens(${body.userId}::uuid, ${body.amount}, ${body.reason}, ${sourceId}) AS r) s`,
      );
      const board = await recordOnBoard(tx, context, {
        missionId: body.missionId,
        title: `Granted ${body.amount} tokens to ${preview.user.email}`,
        action: 'tokens.granted',
        subjectType: 'user',
        subjectId: body.userId,
        details: { amount: body.amount, balanceAfter: preview.balanceAfter },
      });
      return {
        result: {
          ...preview,
          ledgerId: row!.id,
          grantedAt: new Date(row!.created_at).toISOString(),
          missionId: board.missionId,
        },
        events: [
          {
            type: 'tokens.granted',
            subjectType: 'user',
            subjectId: body.userId,
            payload: {
              amount: body.amount,
              reason: body.reason,
              ledgerId: row!.id,
              balanceAfter: preview.balanceAfter,
              missionId: board.missionId,
            },
          },
          ...board.events,
        ],
      };
    },
    idempotency,
  );
}
