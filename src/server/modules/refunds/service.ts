import { sql } from 'drizzle-orm';
import type { RefundBody, RefundView } from '../../../contracts/refunds.ts';
import type { Config } from '../../config.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { Payments } from '../../integrations/stripe.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';
import { refuseSelfAction } from '../../platform/self-action.ts';
import { recordOnBoard } from '../missions/index.ts';

type PaymentRow = {
  id: string;
  charge_id: string;
  amount_cents: number;
  currency: string;
  user_id: string | null;
  email: string | null;
  tokens_awarded: number;
  refunded: number;
};

async function loadPayment(db: Db, chargeId: string, lock = false): Promise<PaymentRow> {
  if (lock) {
    // Lock first, in its own statement: under READ COMMITTED a statement that waited for the lock
    // still reads other tables with its old snapshot, and would miss refunds committed meanwhile.
    await db.execute(sql`SELECT 1 FROM payments WHERE stripe_charge_id = ${chargeId} FOR UPDATE`);
  }
  const [payment] = await rows<PaymentRow>(
    db,
    sql`SELECT p.id::text AS id, p.stripe_charge_id AS charge_id, p.amount_cents, p.currency, p.user_id::text AS user_id, u.email,
             p.tokens_awarded,
             (SELECT coalesce(sum(r.amount_cents), 0)::int FROM refunds r WHERE r.payment_id = p.id AND r.status <> 'failed') AS refunded
        FROM payments p LEFT JOIN users u ON u.id = p.user_id
       WHERE p.stripe_charge_id = ${chargeId}`,
  );
  if (!payment) throw new AppError('not_found', `No payment for charge ${chargeId}`);
  return payment;
}

/** The refund's share of the tokens the purchase awarded, rounded down. */
const tokensFor = (payment: PaymentRow, amountCents: number) =>
  Math.floor((payment.tokens_awarded * amountCents) / payment.amount_cents);

async function plan(db: Db, body: { chargeId: string; amountCents?: number }, lock: boolean) {
  const payment = await loadPayment(db, body.chargeId, lock);
  const refundable = payment.amount_cents - payment.refunded;
  const amount = body.amountCents ?? refundable;
  if (refundable <= 0) throw new AppError('conflict', 'This payment is already fully refunded');
  if (amount > refundable) {
    throw new AppError('conflict', `Only ${refundable} cents are still refundable`, {
      refundableCents: refundable,
    });
  }
  return { payment, refundable, amount, tokens: tokensFor(payment, amount) };
}

/** The charge, what is still refundable, the tokens to take back and the balance before and after. */
export async function previewRefund(db: Db, body: { chargeId: string; amountCents?: number }) {
  const { payment, refundable, amount, tokens } = await plan(db, body, false);
  const balance = payment.user_id
    ? Number(
        (await rows<{ b: string }>(db, sql`SELECT token_balance(${payment.user_id}::uuid)::text AS b`))[0]!.b,
      )
    : null;
  return {
    payment: {
      id: payment.id,
      chargeId: payment.charge_id,
      amountCents: payment.amount_cents,
      currency: payment.currency,
      user: payment.user_id && payment.email ? { id: payment.user_id, email: payment.email } : null,
    },
    refundableCents: refundable,
    amountCents: amount,
    tokensToDeduct: tokens,
    balanceBefore: balance,
    balanceAfter: balance === null ? null : Math.max(0, balance - tokens),
  };
}

/** What refunding needs: the database, Stripe, and the fault a test may inject between the two sides. */
export type Refunding = { database: Database; payments: Payments; fault: Config['fault'] };

type RefundRow = {
  id: string;
  charge_id: string;
  payment_id: string;
  user_id: string | null;
  amount_cents: number;
  tokens_to_deduct: number;
  reason: string;
  status: RefundView['status'];
  stripe_refund_id: string | null;
  error: string | null;
  attempts: number;
  created_at: Date;
  completed_at: Date | null;
  mission_id: string | null;
};

async function loadRefund(db: Db, id: string): Promise<RefundRow | null> {
  const [row] = await rows<RefundRow>(
    db,
    sql`SELECT r.id::text AS id, p.stripe_charge_id AS charge_id, p.id::text AS payment_id, p.user_id::text AS user_id,
               r.amount_cents, r.tokens_to_deduct, r.reason, r.status, r.stripe_refund_id, r.error, r.attempts,
               r.created_at, r.completed_at, r.mission_id::text AS mission_id
          FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = ${id}::uuid`,
  );
  return row ?? null;
}

function toView(row: RefundRow): RefundView {
  return {
    id: row.id,
    chargeId: row.charge_id,
    amountCents: row.amount_cents,
    tokensToDeduct: row.tokens_to_deduct,
    reason: row.reason,
    status: row.status,
    stripeRefundId: row.stripe_refund_id,
    error: row.error,
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}

/** The latest refunds, newest first, optionally of one status. */
export async function listRefunds(db: Db, status?: RefundView['status']): Promise<RefundView[]> {
  const ids = await rows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM refunds ${status ? sql`WHERE status = ${status}` : sql``}
         ORDER BY created_at DESC LIMIT 200`,
  );
  const found = await Promise.all(ids.map((row) => loadRefund(db, row.id)));
  return found.filter((row): row is RefundRow => row !== null).map(toView);
}

/**
 * Refund, step 1: the refund record, written (with its event) under a lock on the payment, so
 * parallel partial refunds can never add up to more than was paid. Then step 2 finishes it.
 */
export async function requestRefund(
  deps: Refunding,
  context: RequestContext,
  body: RefundBody,
  idempotency: IdempotencyRequest | null,
) {
  const [paid] = await rows<{ user_id: string | null }>(
    deps.database.db,
    sql`SELECT user_id::text AS user_id FROM payments WHERE stripe_charge_id = ${body.chargeId}`,
  );
  await refuseSelfAction(deps.database.db, context, 'refund', paid?.user_id ?? null);
  if (!deps.payments.configured)
    throw new AppError('not_configured', deps.payments.unavailableReason ?? 'Stripe is not configured');
  const { refundId } = await mutate(
    deps.database,
    context,
    async (tx) => {
      const { payment, amount, tokens } = await plan(tx, body, true);
      const [row] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO refunds (payment_id, amount_cents, tokens_to_deduct, reason, requested_by)
            VALUES (${payment.id}::uuid, ${amount}, ${tokens}, ${body.reason}, ${context.actor.id})
            RETURNING id::text AS id`,
      );
      const board = await recordOnBoard(tx, context, {
        missionId: body.missionId,
        title: `Refund of ${money(amount, payment.currency)} on ${payment.charge_id}${payment.email ? ` for ${payment.email}` : ''}`,
        action: 'refund.requested',
        subjectType: 'payment',
        subjectId: payment.charge_id,
        details: { refundId: row!.id, amountCents: amount, tokensToDeduct: tokens },
      });
      await tx.execute(
        sql`UPDATE refunds SET mission_id = ${board.missionId}::uuid WHERE id = ${row!.id}::uuid`,
      );
      return {
        result: { refundId: row!.id },
        events: [
          {
            type: 'refund.requested',
            subjectType: 'payment',
            subjectId: payment.charge_id,
            payload: {
              refundId: row!.id,
              amountCents: amount,
              tokensToDeduct: tokens,
              reason: body.reason,
              userId: payment.user_id,
              missionId: board.missionId,
            },
          },
          ...board.events,
        ],
      };
    },
    idempotency,
  );
  return completeRefund(deps, context, refundId);
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;

/** A refund's outcome on the card it was recorded on (none for refunds from before migration 0086). */
async function outcomeOnBoard(
  tx: Db,
  context: RequestContext,
  refund: RefundRow,
  action: string,
  title: string,
) {
  if (!refund.mission_id) return [];
  const board = await recordOnBoard(tx, context, {
    missionId: refund.mission_id,
    title,
    action,
    subjectType: 'payment',
    subjectId: refund.charge_id,
    details: { refundId: refund.id },
  });
  return board.events;
}

/** Stripe keeps Idempotency-Keys for at least 24 hours; an hour's margin. */
const STRIPE_KEY_LIFETIME_MS = 23 * 60 * 60_000;

/**
 * Refund, step 2 (also what reconciliation runs): asks Stripe with an Idempotency-Key derived from
 * the refund record, then, in one transaction, marks it succeeded, takes back the tokens through
 * spend_tokens() keyed by the same record, and records it. Stripe said no → failed. No answer
 * (5xx, timeout, dropped connection) → stays pending, and the next attempt asks again with the
 * same key, which returns the refund Stripe may already have made.
 */
export async function completeRefund(
  deps: Refunding,
  context: RequestContext,
  refundId: string,
): Promise<RefundView> {
  const { database, payments } = deps;
  const refund = await loadRefund(database.db, refundId);
  if (!refund) throw new AppError('not_found', `No refund ${refundId}`);
  if (refund.status !== 'pending') return toView(refund);
  await database.db.execute(
    sql`UPDATE refunds SET attempts = attempts + 1, updated_at = now() WHERE id = ${refundId}::uuid`,
  );
  let stripeRefundId: string;
  try {
    // Past the key's lifetime at Stripe the same key would make a second refund: look first.
    const made =
      Date.now() - new Date(refund.created_at).getTime() > STRIPE_KEY_LIFETIME_MS
        ? await payments.findRefund(refund.charge_id, refundId)
        : null;
    ({ stripeRefundId } =
      made ??
      (await payments.refund({
        chargeId: refund.charge_id,
        amountCents: refund.amount_cents,
        idempotencyKey: `mc-refund-${refundId}`,
        refundId,
      })));
  } catch (error) {
    const failure = Payments.classify(error);
    await mutate(database, context, async (tx) => {
      if (failure.definite) {
        await tx.execute(
          sql`UPDATE refunds SET status = 'failed', error = ${failure.message}, updated_at = now() WHERE id = ${refundId}::uuid AND status = 'pending'`,
        );
      } else {
        await tx.execute(
          sql`UPDATE refunds SET error = ${failure.message}, updated_at = now() WHERE id = ${refundId}::uuid AND status = 'pending'`,
        );
      }
      const outcome = failure.definite
        ? await outcomeOnBoard(tx, context, refund, 'refund.failed', `Refund failed: ${failure.message}`)
        : [];
      return {
        result: null,
        events: [
          {
            type: failure.definite ? 'refund.failed' : 'refund.stripe_unconfirmed',
            subjectType: 'payment',
            subjectId: refund.charge_id,
            payload: { refundId, error: failure.message, willRetry: !failure.definite },
          },
          ...outcome,
        ],
      };
    });
    return toView((await loadRefund(database.db, refundId))!);
  }
  if (deps.fault === 'after_stripe_refund') process.kill(process.pid, 'SIGKILL');
  await mutate(database, context, async (tx) => {
    const [claimed] = await rows<{ id: string }>(
      tx,
      sql`UPDATE refunds SET status = 'succeeded', stripe_refund_id = ${stripeRefundId}, error = NULL,
                             completed_at = now(), updated_at = now()
           WHERE id = ${refundId}::uuid AND status = 'pending' RETURNING id::text AS id`,
    );
    if (!claimed) return { result: null, events: [] };
    let deducted = 0;
    if (refund.user_id && refund.tokens_to_deduct > 0) {
      // Under the member's token lock (spend_tokens takes the same one), so the balance read here
      // cannot change before the spend: it deducts what is there, never fails the refund.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`tokens:${refund.user_id}`}, 0))`);
      const [row] = await rows<{ balance: string }>(
        tx,
        sql`SELECT token_balance(${refund.user_id}::uuid)::text AS balance`,
      );
      deducted = Math.min(refund.tokens_to_deduct, Number(row!.balance));
      if (deducted > 0)
        await tx.execute(
          sql`SELECT spend_tokens(${refund.user_id}::uuid, ${deducted}, ${`refund: ${refund.reason}`}, ${`refund-${refundId}`})`,
        );
    }
    // Lock first, in its own statement, so the sum below sees refunds committed meanwhile.
    await tx.execute(sql`SELECT 1 FROM payments WHERE id = ${refund.payment_id}::uuid FOR UPDATE`);
    await tx.execute(sql`
      UPDATE payments p SET status = CASE WHEN (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE payment_id = p.id AND status = 'succeeded') >= p.amount_cents
                                          THEN 'refunded' ELSE 'partially_refunded' END
       WHERE p.id = ${refund.payment_id}::uuid`);
    return {
      result: null,
      events: [
        {
          type: 'refund.succeeded',
          subjectType: 'payment',
          subjectId: refund.charge_id,
          payload: {
            refundId,
            stripeRefundId,
            amountCents: refund.amount_cents,
            tokensDeducted: deducted,
            tokensShort: refund.tokens_to_deduct - deducted,
          },
        },
        ...(await outcomeOnBoard(
          tx,
          context,
          refund,
          'refund.succeeded',
          `Refund succeeded at Stripe (${stripeRefundId}); ${deducted} tokens taken back`,
        )),
      ],
    };
  });
  return toView((await loadRefund(database.db, refundId))!);
}

/** Finishes every pending refund (at start-up and every minute): the missing side, never twice. */
export async function reconcileRefunds(deps: Refunding, context: RequestContext) {
  const pending = await rows<{ id: string }>(
    deps.database.db,
    sql`SELECT id::text AS id FROM refunds WHERE status = 'pending' ORDER BY created_at LIMIT 100`,
  );
  const outcomes = [];
  for (const { id } of pending) outcomes.push((await completeRefund(deps, context, id)).status);
  return { pending: pending.length, succeeded: outcomes.filter((status) => status === 'succeeded').length };
}
