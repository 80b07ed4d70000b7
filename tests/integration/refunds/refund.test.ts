import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { startStripeServer } from '../../support/stripe.ts';

const KEY = 'sk_test_mission_control';
let t: TestApp;
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let admin: string;
let operatorOfJobs: string;
let charges = 0;

beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  t = await startTestApp({
    STRIPE_SECRET_KEY: KEY,
    STRIPE_API_BASE: stripe.apiBase,
    STRIPE_TIMEOUT: '400ms',
  });
  admin = (await staffCookie(t, 'admin')).cookie;
  operatorOfJobs = (await staffCookie(t, 'super_admin')).cookie;
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

/** A member who paid `amountCents` (which awarded `tokens`), with the charge known to Stripe. */
async function paidMember(amountCents: number, tokens: number) {
  const member = await createMember(t);
  charges += 1;
  const chargeId = `ch_test_${process.pid}_${charges}`;
  stripe.addCharge(chargeId, amountCents);
  await t.database.sql.query(
    `INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, $2, $3, $4)`,
    [member.userId, chargeId, amountCents, tokens],
  );
  if (tokens > 0)
    await t.database.sql.query(`SELECT award_tokens($1, $2, 'purchase', $3)`, [
      member.userId,
      tokens,
      `purchase-${chargeId}`,
    ]);
  return { member, chargeId };
}

/** A refund request, as the console sends it: with an Idempotency-Key (a new one unless given). */
const refund = (body: Record<string, unknown>, key: string | null = randomUUID()) =>
  call(t, {
    method: 'POST',
    url: '/api/admin/actions/refund',
    cookie: admin,
    payload: body,
    headers: key ? { 'idempotency-key': key } : {},
  });
const spends = (userId: string) =>
  t.database.sql.query<{ amount: number }>(
    `SELECT amount FROM token_ledger WHERE user_id = $1 AND source = 'spend'`,
    [userId],
  );
const stripeRefundsFor = (chargeId: string) => stripe.refunds.filter((item) => item.charge === chargeId);
const reconcile = () =>
  call(t, { method: 'POST', url: '/api/admin/jobs/refund-reconcile/run', cookie: operatorOfJobs });

describe('Refund', () => {
  it('previews amount and tokens, then refunds at Stripe and takes the tokens back, once', async () => {
    const { member, chargeId } = await paidMember(5000, 100);
    const preview = (
      await call(t, {
        method: 'POST',
        url: '/api/admin/actions/refund/preview',
        cookie: admin,
        payload: { chargeId, amountCents: 2500 },
      })
    ).json();
    expect(preview).toMatchObject({
      refundableCents: 5000,
      amountCents: 2500,
      tokensToDeduct: 50,
      balanceBefore: 100,
      balanceAfter: 50,
    });
    stripe.control.failNext.push('drop_after_create');
    // The first attempt is dropped after Stripe acted; the SDK's retry (same key) gets the replay.
    const done = await refund({ chargeId, amountCents: 2500, reason: 'course not for me' }, 'r-1');
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'succeeded', amountCents: 2500, tokensToDeduct: 50 });
    const again = await refund({ chargeId, amountCents: 2500, reason: 'course not for me' }, 'r-1');
    expect(again.json().id).toBe(done.json().id);
    expect(stripeRefundsFor(chargeId)).toHaveLength(1);
    expect(stripeRefundsFor(chargeId)[0]!.idempotencyKey).toBe(`mc-refund-${done.json().id}`);
    expect(await spends(member.userId)).toEqual([{ amount: -50 }]);
    const story = await t.database.sql.query<{ type: string }>(
      `SELECT type FROM events WHERE subject_id = $1 ORDER BY events.id`,
      [chargeId],
    );
    expect(story.map((row) => row.type)).toEqual(['refund.requested', 'refund.succeeded']);
  });

  it('never lets parallel partial refunds exceed what is still refundable', async () => {
    const { chargeId } = await paidMember(5000, 0);
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => refund({ chargeId, amountCents: 2000, reason: `partial ${n}` })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 200, 409, 409]);
    expect(stripeRefundsFor(chargeId).reduce((sum, item) => sum + item.amount, 0)).toBe(4000);
    const over = await refund({ chargeId, amountCents: 1001, reason: 'too much' });
    expect(over.statusCode).toBe(409);
    expect(over.json().details.refundableCents).toBe(1000);
  });

  it.each([
    ['Stripe answers 500', 'error500'],
    ['Stripe succeeds but never answers (timeout)', 'hang_after_create'],
    ['Stripe succeeds and drops the connection', 'drop_after_create'],
  ] as const)(
    '%s: the refund stays pending, reconciliation finishes it, one refund and one ledger row',
    async (_name, failure) => {
      const { member, chargeId } = await paidMember(3000, 30);
      // The failure, then a 500 for the SDK's own retry: the request ends without an answer.
      stripe.control.failNext.push(failure, 'error500');
      const first = await refund({ chargeId, reason: 'duplicate purchase' });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ status: 'pending' });
      expect(first.json().error).toBeTruthy();
      expect(await spends(member.userId)).toEqual([]);
      expect((await reconcile()).json()).toMatchObject({ ran: true, ok: true });
      const [row] = await t.database.sql.query<{ status: string }>(
        `SELECT status FROM refunds WHERE id = $1`,
        [first.json().id],
      );
      expect(row!.status).toBe('succeeded');
      expect(stripeRefundsFor(chargeId)).toHaveLength(1);
      expect(await spends(member.userId)).toEqual([{ amount: -30 }]);
      const types = (
        await t.database.sql.query<{ type: string }>(
          `SELECT type FROM events WHERE subject_id = $1 ORDER BY events.id`,
          [chargeId],
        )
      ).map((r) => r.type);
      expect(types).toEqual(['refund.requested', 'refund.stripe_unconfirmed', 'refund.succeeded']);
    },
  );

  it('after Stripe has forgotten the key (24 h), finds the refund it made instead of making another', async () => {
    const { member, chargeId } = await paidMember(2000, 20);
    // Stripe acts, the answer is lost, the SDK's retry gets a 500: the refund stays pending.
    stripe.control.failNext.push('drop_after_create', 'error500');
    const first = await refund({ chargeId, reason: 'never arrived' });
    expect(first.json()).toMatchObject({ status: 'pending' });
    expect(stripeRefundsFor(chargeId)).toHaveLength(1);
    // A day later: the reconciliation job was not running, and Stripe no longer knows the key.
    await t.database.sql.query(`UPDATE refunds SET created_at = now() - interval '25 hours' WHERE id = $1`, [
      first.json().id,
    ]);
    stripe.forgetKeys();
    // A lookup that fails (a key being rotated) says nothing: the refund stays pending.
    stripe.control.failNextLookup = 1;
    await reconcile();
    const [waiting] = await t.database.sql.query<{ status: string }>(
      'SELECT status FROM refunds WHERE id = $1',
      [first.json().id],
    );
    expect(waiting!.status).toBe('pending');
    expect((await reconcile()).json()).toMatchObject({ ran: true, ok: true });
    const [row] = await t.database.sql.query<{ status: string; stripe_refund_id: string }>(
      'SELECT status, stripe_refund_id FROM refunds WHERE id = $1',
      [first.json().id],
    );
    expect(row).toMatchObject({ status: 'succeeded', stripe_refund_id: stripeRefundsFor(chargeId)[0]!.id });
    expect(stripeRefundsFor(chargeId)).toHaveLength(1);
    expect(await spends(member.userId)).toEqual([{ amount: -20 }]);
  });

  it('refuses a refund without an Idempotency-Key, naming the header, and moves nothing', async () => {
    const { chargeId } = await paidMember(1500, 0);
    const answer = await refund({ chargeId, reason: 'no key' }, null);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().details).toEqual([{ path: 'headers.idempotency-key', message: 'is required' }]);
    expect(stripeRefundsFor(chargeId)).toHaveLength(0);
  });

  it('marks a refund Stripe refuses as failed, with the reason, and nothing is deducted', async () => {
    const { member, chargeId } = await paidMember(1000, 10);
    stripe.charges.get(chargeId)!.refunded = 1000;
    const answer = await refund({ chargeId, reason: 'already refunded in Stripe' });
    expect(answer.json()).toMatchObject({ status: 'failed' });
    expect(answer.json().error).toMatch(/greater than unrefunded amount/);
    expect(await spends(member.userId)).toEqual([]);
  });

  it('names bad fields, needs the refund permission, and says when Stripe is not configured', async () => {
    const bad = await refund({ chargeId: 'pi_123', amountCents: 0, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.map((detail: { path: string }) => detail.path)
        .sort(),
    ).toEqual(['body.amountCents', 'body.chargeId', 'body.reason']);
    const support = (await staffCookie(t, 'support')).cookie;
    expect(
      (
        await call(t, {
          method: 'POST',
          url: '/api/admin/actions/refund',
          cookie: support,
          payload: { chargeId: 'ch_1', reason: 'not mine' },
        })
      ).statusCode,
    ).toBe(403);
    const bare = await startTestApp();
    try {
      const cookie = (await staffCookie(bare, 'admin')).cookie;
      const answer = await call(bare, {
        method: 'POST',
        url: '/api/admin/actions/refund',
        cookie,
        payload: { chargeId: 'ch_1', reason: 'no stripe here' },
        headers: { 'idempotency-key': 'no-stripe' },
      });
      expect(answer.statusCode).toBe(503);
      expect(answer.json().message).toMatch(/STRIPE_SECRET_KEY/);
    } finally {
      await bare.close();
    }
  });
});

/** A server process on the test database with Stripe pointed at the local server. */
async function startRefundServer(extraEnv: Record<string, string>) {
  return startServerProcess({
    DATABASE_URL: t.database.url!,
    PUBLIC_URL: t.config.publicUrl,
    STRIPE_SECRET_KEY: KEY,
    STRIPE_API_BASE: stripe.apiBase,
    ...extraEnv,
  });
}

// Killing the server mid-refund needs a second process on a shared database: a Postgres server.
describe.runIf(ENGINE === 'postgres')(
  'Refund when the server is killed between Stripe and the ledger',
  () => {
    it('finishes the ledger side on restart; neither side happens twice', async () => {
      const { member, chargeId } = await paidMember(4000, 40);
      const { cookie } = await staffCookie(t, 'admin');
      const { child: doomed, url: doomedUrl } = await startRefundServer({ MC_FAULT: 'after_stripe_refund' });
      const exited = new Promise((resolve) => doomed.once('exit', resolve));
      const answer = await fetch(`${doomedUrl}/api/admin/actions/refund`, {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/json',
          origin: t.config.publicUrl,
          'idempotency-key': `killed-${chargeId}`,
        },
        body: JSON.stringify({ chargeId, reason: 'killed mid-refund' }),
      }).catch((error: Error) => error);
      expect(answer).toBeInstanceOf(Error);
      await exited;
      const [pending] = await t.database.sql.query<{ id: string; status: string }>(
        `SELECT id::text AS id, status FROM refunds WHERE payment_id = (SELECT id FROM payments WHERE stripe_charge_id = $1)`,
        [chargeId],
      );
      expect(pending!.status).toBe('pending');
      expect(stripeRefundsFor(chargeId)).toHaveLength(1);
      expect(await spends(member.userId)).toEqual([]);

      const { child: restarted } = await startRefundServer({});
      try {
        const deadline = Date.now() + 15_000;
        for (;;) {
          const [row] = await t.database.sql.query<{ status: string }>(
            `SELECT status FROM refunds WHERE id = $1`,
            [pending!.id],
          );
          if (row!.status === 'succeeded') break;
          if (Date.now() > deadline) throw new Error('the restarted server did not finish the refund');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(stripeRefundsFor(chargeId)).toHaveLength(1);
        expect(await spends(member.userId)).toEqual([{ amount: -40 }]);
      } finally {
        restarted.kill('SIGTERM');
      }
    }, 90_000);
  },
);
