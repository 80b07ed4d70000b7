import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

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
  const charges = new Map<string, { amount: number; refunded: number }>();
  const refunds: {
    id: string;
    charge: string;
    amount: number;
    idempotencyKey: string | null;
    metadata: Record<string, string>;
  }[] = [];
  const refundObject = (refund: (typeof refunds)[number]) => ({
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    charge: refund.charge,
    currency: 'usd',
    status: 'succeeded',
    metadata: refund.metadata,
  });
  const idempotency = new Map<string, { hash: string; status: number; body: unknown }>();
  const control: { failNext: Failure[]; failNextLookup: number; requests: number } = {
    failNext: [],
    failNextLookup: 0,
    requests: 0,
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
    addCharge(id: string, amount: number) {
      charges.set(id, { amount, refunded: 0 });
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
