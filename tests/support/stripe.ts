import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import Stripe from 'stripe';

export type Failure = 'error500' | 'hang_after_create' | 'drop_after_create';

/**
 * A local server speaking the slice of Stripe's API we use (POST /v1/refunds, and GET /v1/refunds
 * listing a charge's refunds newest first): form-encoded parameters, Bearer auth, Stripe's error
 * shape, metadata, and Idempotency-Key semantics (same key + same parameters → the first answer
 * again; same key + other parameters → 400 idempotency_error). `forgetKeys()` does what Stripe
 * does to keys after 24 hours.
 * `failNext` makes the next request fail the ways a network can: a 500 before acting, or acting and
 * then hanging or dropping the connection (the client cannot know the refund exists).
 */
export async function startStripeServer(secretKey: string) {
  const charges = new Map<string, ChargeState>();
  const refunds: {
    id: string;
    charge: string;
    amount: number;
    idempotencyKey: string | null;
    metadata: Record<string, string>;
    created: number;
  }[] = [];
  const refundObject = (refund: (typeof refunds)[number]) => ({
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    charge: refund.charge,
    currency: 'usd',
    status: 'succeeded',
    metadata: refund.metadata,
    created: refund.created,
  });
  /** Stripe's list shape, newest first: `created[gte]`, `limit`, `starting_after`, `has_more`. */
  const listOf = <T extends { id: string; created: number }>(items: T[], url: URL, path: string) => {
    const gte = Number(url.searchParams.get('created[gte]') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const after = url.searchParams.get('starting_after');
    let newest = items
      .filter((item) => item.created >= gte)
      .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    if (after) newest = newest.slice(newest.findIndex((item) => item.id === after) + 1);
    return { object: 'list', data: newest.slice(0, limit), has_more: newest.length > limit, url: path };
  };
  const idempotency = new Map<string, { hash: string; status: number; body: unknown }>();
  const control: {
    failNext: Failure[];
    failNextLookup: number;
    requests: number;
    accountId: string;
    accountRequests: number;
    /** Charge list pages answered before the next one fails with a 500 (null: never). */
    failChargeListAfterPages: number | null;
  } = {
    failNext: [],
    failNextLookup: 0,
    requests: 0,
    accountId: 'acct_1MissionControl',
    accountRequests: 0,
    failChargeListAfterPages: null,
  };
  let next = 1;

  const server = createServer(async (req, res) => {
    control.requests += 1;
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${next++}`,
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    if (req.method === 'GET' && url.pathname === '/v1/account') {
      control.accountRequests += 1;
      return reply(200, { id: control.accountId, object: 'account', country: 'US' });
    }
    if (req.method === 'GET' && url.pathname === '/v1/charges') {
      if (control.failChargeListAfterPages === 0) {
        return reply(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
      }
      if (control.failChargeListAfterPages !== null) control.failChargeListAfterPages -= 1;
      return reply(200, listOf([...charges.values()].map(chargeObject), url, '/v1/charges'));
    }
    const chargePath = /^\/v1\/charges\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && chargePath) {
      const charge = charges.get(decodeURIComponent(chargePath[1]!));
      if (!charge)
        return reply(404, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such charge: '${chargePath[1]}'`,
          },
        });
      return reply(200, chargeObject(charge));
    }
    if (req.method === 'GET' && url.pathname === '/v1/refunds' && !url.searchParams.get('charge')) {
      return reply(200, listOf(refunds.map(refundObject), url, '/v1/refunds'));
    }
    if (req.method === 'GET' && url.pathname === '/v1/refunds') {
      if (control.failNextLookup > 0) {
        control.failNextLookup -= 1;
        return reply(401, { error: { type: 'invalid_request_error', message: 'Expired API Key provided' } });
      }
      const charge = url.searchParams.get('charge');
      const data = refunds
        .filter((refund) => !charge || refund.charge === charge)
        .reverse()
        .map(refundObject);
      return reply(200, { object: 'list', data, has_more: false, url: '/v1/refunds' });
    }
    if (req.method !== 'POST' || req.url !== '/v1/refunds') {
      return reply(404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${req.method}: ${req.url})`,
        },
      });
    }
    const params = new URLSearchParams(raw);
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const hash = createHash('sha256').update(raw).digest('hex');
    // A failure applies to any request, a replay included: networks fail retries too.
    const failure = control.failNext.shift();
    if (failure === 'error500')
      return reply(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
    if (key && idempotency.has(key)) {
      const first = idempotency.get(key)!;
      if (failure === 'hang_after_create') return;
      if (failure === 'drop_after_create') return req.socket.destroy();
      if (first.hash !== hash) {
        return reply(400, {
          error: {
            type: 'idempotency_error',
            message:
              'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          },
        });
      }
      return reply(first.status, first.body, { 'idempotent-replayed': 'true' });
    }

    const chargeId = params.get('charge') ?? '';
    const amount = Number(params.get('amount'));
    const charge = charges.get(chargeId);
    let status: number;
    let body: unknown;
    if (!charge) {
      status = 400;
      body = {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such charge: '${chargeId}'`,
        },
      };
    } else if (charge.refunded + amount > charge.amount) {
      status = 400;
      body = {
        error: {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          message: 'Refund amount is greater than unrefunded amount on charge',
        },
      };
    } else {
      charge.refunded += amount;
      const metadata: Record<string, string> = {};
      for (const [name, value] of params) {
        const field = /^metadata\[(.+)\]$/.exec(name)?.[1];
        if (field) metadata[field] = value;
      }
      const refund = {
        id: `re_${String(next++).padStart(8, '0')}`,
        charge: chargeId,
        amount,
        idempotencyKey: key,
        metadata,
        created: Math.floor(Date.now() / 1000),
      };
      refunds.push(refund);
      status = 200;
      body = refundObject(refund);
    }
    if (key) idempotency.set(key, { hash, status, body });
    if (failure === 'hang_after_create') return; // never answers: the client times out
    if (failure === 'drop_after_create') return req.socket.destroy();
    return reply(status, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    apiBase: `http://127.0.0.1:${port}`,
    charges,
    refunds,
    control,
    addCharge(id: string, amount: number, extra: Partial<Omit<ChargeState, 'id' | 'amount'>> = {}) {
      const charge: ChargeState = {
        id,
        amount,
        refunded: 0,
        created: Math.floor(Date.now() / 1000),
        email: null,
        paymentIntent: null,
        metadata: {},
        status: 'succeeded',
        ...extra,
      };
      charges.set(id, charge);
      return chargeObject(charge);
    },
    /** The charge as Stripe's API (and its webhooks) show it. */
    charge(id: string) {
      const charge = charges.get(id);
      if (!charge) throw new Error(`no charge ${id}`);
      return chargeObject(charge);
    },
    /** Stripe keeps idempotency keys for 24 hours; after that a key is new again. */
    forgetKeys() {
      idempotency.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ChargeState = {
  id: string;
  amount: number;
  refunded: number;
  created: number;
  email: string | null;
  paymentIntent: string | null;
  metadata: Record<string, string>;
  status: 'succeeded' | 'pending' | 'failed';
  shipping?: {
    carrier: string | null;
    tracking_number: string | null;
    address: Record<string, string>;
  } | null;
};

/** A charge in Stripe's shape (the fields Mission Control reads, and a few around them). */
export function chargeObject(charge: ChargeState) {
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: charge.amount,
    amount_refunded: charge.refunded,
    refunded: charge.refunded >= charge.amount,
    currency: 'usd',
    status: charge.status,
    paid: charge.status === 'succeeded',
    created: charge.created,
    livemode: false,
    payment_intent: charge.paymentIntent,
    billing_details: { email: charge.email, name: null, address: null, phone: null },
    receipt_email: charge.email,
    failure_message: charge.status === 'failed' ? 'Your card was declined.' : null,
    metadata: charge.metadata,
    shipping: charge.shipping ?? null,
  };
}

let eventCounter = 0;

/** A Stripe event around `object`, as webhooks deliver it (`created` in seconds, newest API shape). */
export function stripeEvent(type: string, object: unknown, options: { id?: string; created?: number } = {}) {
  eventCounter += 1;
  return {
    id: options.id ?? `evt_test_${process.pid}_${Date.now().toString(36)}_${eventCounter}`,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/**
 * A signed delivery as Stripe sends it: the JSON body and its `Stripe-Signature` header, made by the
 * official SDK's own signing helper (`timestamp` in seconds, to make stale ones).
 */
export function signedDelivery(event: unknown, secret: string, timestamp?: number) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
  return {
    payload,
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
  };
}
