import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { startStripeServer } from '../../support/stripe.ts';

const KEY = 'sk_test_mission_control_tab';
let t: TestApp;
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let developer: string;

beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  t = await startTestApp({ STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: stripe.apiBase, STRIPE_TIMEOUT: '2s' });
  developer = (await staffCookie(t, 'developer')).cookie;
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

const get = (url: string) => call(t, { method: 'GET', url, cookie: developer });
const startSync = () => call(t, { method: 'POST', url: '/api/admin/stripe/sync', cookie: developer });
async function finished(id: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { sync } = (await get(`/api/admin/stripe/sync/${id}`)).json();
    if (sync.status !== 'running') return sync;
    if (Date.now() > deadline) throw new Error('sync did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const snapshot = () =>
  t.database.sql.query(
    `SELECT stripe_charge_id, amount_cents, refunded_cents, status, customer_email, updated_at FROM payments ORDER BY stripe_charge_id`,
  );

describe('GET /api/admin/stripe', () => {
  it('shows mode, account (asked once, cached), and says how to configure when Stripe is not', async () => {
    const summary = (await get('/api/admin/stripe')).json();
    expect(summary).toMatchObject({
      configured: true,
      mode: 'test',
      accountId: 'acct_1MissionControl',
      webhookSecretSet: false,
      lastWebhook: null,
      webhookUrl: `${t.config.publicUrl}/api/webhooks/stripe`,
    });
    await get('/api/admin/stripe');
    expect(stripe.control.accountRequests).toBe(1);

    const bare = await startTestApp();
    try {
      const { cookie } = await staffCookie(bare, 'developer');
      const answer = await call(bare, { method: 'GET', url: '/api/admin/stripe', cookie });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ configured: false, mode: null, accountId: null });
      expect(answer.json().howToConfigure).toContain('STRIPE_SECRET_KEY');
      const sync = await call(bare, { method: 'POST', url: '/api/admin/stripe/sync', cookie });
      expect(sync.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('POST /api/admin/stripe/sync and GET /api/admin/stripe/payments', () => {
  it('upserts every charge and refund; a second run finds all unchanged and rows stay identical', async () => {
    for (let i = 1; i <= 5; i += 1)
      stripe.addCharge(`ch_sync_${i}`, 1000 * i, {
        email: `buyer${i}@example.test`,
        created: Math.floor(Date.now() / 1000) - i * 60,
      });
    stripe.charges.get('ch_sync_2')!.refunded = 500;
    const first = (await startSync()).json();
    expect(first.started).toBe(true);
    // A second click while it runs answers the same run.
    const second = (await startSync()).json();
    if (second.started === false) expect(second.sync.id).toBe(first.sync.id);
    const done = await finished(first.sync.id);
    expect(done).toMatchObject({ status: 'succeeded', created: 5, updated: 0 });
    const before = await snapshot();

    const rerun = (await startSync()).json();
    const again = await finished(rerun.sync.id);
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 5 });
    expect(await snapshot()).toEqual(before);

    const page = (await get('/api/admin/stripe/payments?pageSize=2')).json();
    expect(page.rows.map((row: { chargeId: string }) => row.chargeId)).toEqual(['ch_sync_1', 'ch_sync_2']);
    expect(page.rows[1]).toMatchObject({
      status: 'partially_refunded',
      refundedCents: 500,
      customerEmail: 'buyer2@example.test',
      dashboardUrl: 'https://dashboard.stripe.com/test/payments/ch_sync_2',
    });
    const next = (await get(`/api/admin/stripe/payments?pageSize=2&cursor=${page.nextCursor}`)).json();
    expect(next.rows.map((row: { chargeId: string }) => row.chargeId)).toEqual(['ch_sync_3', 'ch_sync_4']);
    const filtered = (await get('/api/admin/stripe/payments?status=partially_refunded')).json();
    expect(filtered.rows).toHaveLength(1);
    const byEmail = (await get('/api/admin/stripe/payments?query=BUYER5@example.test')).json();
    expect(byEmail.rows.map((row: { chargeId: string }) => row.chargeId)).toEqual(['ch_sync_5']);
  });

  it('names bad input: a tampered cursor, a NUL, an unknown filter', async () => {
    const tampered = await get('/api/admin/stripe/payments?cursor=abc.def');
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().details[0].path).toBe('query.cursor');
    const nul = await get('/api/admin/stripe/payments?query=a%00b');
    expect(nul.statusCode).toBe(400);
    expect(JSON.stringify(nul.json())).toContain('query');
    expect((await get('/api/admin/stripe/payments?colour=red')).statusCode).toBe(400);
    expect((await get('/api/admin/stripe/payments?status=lost')).statusCode).toBe(400);
  });

  it('records a failed run with its error, shown as the last error', async () => {
    stripe.control.failChargeListAfterPages = 0;
    const run = (await startSync()).json();
    const done = await finished(run.sync.id);
    stripe.control.failChargeListAfterPages = null;
    expect(done.status).toBe('failed');
    expect((await get('/api/admin/stripe')).json().lastError).toMatchObject({ source: 'sync' });
  });
});

// Killing a sync midway needs a second process on a shared database: a Postgres server.
describe.runIf(ENGINE === 'postgres')('a sync killed midway (kill -9)', () => {
  it('is marked interrupted by the next run, which completes without duplicates', async () => {
    for (let i = 1; i <= 3; i += 1) stripe.addCharge(`ch_killed_${i}`, 700 + i);
    const env = {
      DATABASE_URL: t.database.url!,
      PUBLIC_URL: t.config.publicUrl,
      STRIPE_SECRET_KEY: KEY,
      STRIPE_API_BASE: stripe.apiBase,
    };
    const { child, url } = await startServerProcess({ ...env, MC_FAULT: 'during_stripe_sync' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await fetch(`${url}/api/admin/stripe/sync`, {
      method: 'POST',
      headers: { cookie: developer, origin: t.config.publicUrl, 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => null);
    await exited;
    const [dead] = await t.database.sql.query<{ id: string; status: string }>(
      `SELECT id::text AS id, status FROM stripe_syncs ORDER BY started_at DESC LIMIT 1`,
    );
    expect(dead!.status).toBe('running');
    // The dead run's heartbeat goes stale (30 s): aged here instead of waiting.
    await t.database.sql.query(
      `UPDATE stripe_syncs SET heartbeat_at = now() - interval '1 minute' WHERE id = $1`,
      [dead!.id],
    );
    const rerun = (await startSync()).json();
    expect(rerun.started).toBe(true);
    expect((await finished(rerun.sync.id)).status).toBe('succeeded');
    const [state] = await t.database.sql.query<{ status: string }>(
      `SELECT status FROM stripe_syncs WHERE id = $1`,
      [dead!.id],
    );
    expect(state!.status).toBe('interrupted');
    const rows = await t.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payments WHERE stripe_charge_id LIKE 'ch_killed_%'`,
    );
    expect(rows[0]!.n).toBe(3);
  }, 90_000);
});
