import Stripe from 'stripe';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/** Whether a Stripe failure may have happened after Stripe acted (retry with the same key) or not. */
export type StripeFailure = { definite: boolean; message: string };

/**
 * Stripe through its official SDK. Every refund carries an Idempotency-Key, so asking again after a
 * timeout or a dropped connection returns the refund Stripe already made instead of making another.
 */
export class Payments {
  private stripe: Stripe | null;
  private readonly secretKey: string | null;
  private accountCache: { id: string; at: number } | null = null;

  constructor(config: Config) {
    this.secretKey = config.stripe?.secretKey ?? null;
    if (!config.stripe) {
      this.stripe = null;
      return;
    }
    const base = config.stripe.apiBase ? new URL(config.stripe.apiBase) : null;
    this.stripe = new Stripe(config.stripe.secretKey, {
      // One immediate retry for network errors and 5xx: safe, every refund carries an Idempotency-Key.
      maxNetworkRetries: 1,
      timeout: config.stripe.timeoutMs,
      ...(base
        ? {
            host: base.hostname,
            port: base.port,
            protocol: base.protocol.replace(':', '') as 'http' | 'https',
          }
        : {}),
    });
  }

  get configured() {
    return this.stripe !== null;
  }

  get unavailableReason(): string | null {
    return this.stripe ? null : 'Stripe is not configured (set STRIPE_SECRET_KEY)';
  }

  /** Test or live, as the key says (`sk_test_…`, `rk_live_…`); null when not configured. */
  get mode(): 'test' | 'live' | null {
    if (!this.secretKey) return null;
    return /^[a-z]{2}_live_/.test(this.secretKey) ? 'live' : 'test';
  }

  private client(): Stripe {
    if (!this.stripe)
      throw new AppError('not_configured', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    return this.stripe;
  }

  /**
   * The event a webhook delivery carries, once its `Stripe-Signature` is verified with the endpoint's
   * secret (HMAC over timestamp and raw body, at most `toleranceSeconds` old). Throws otherwise.
   */
  static verifyWebhook(raw: Buffer, header: string, secret: string, toleranceSeconds = 300): Stripe.Event {
    return Stripe.webhooks.constructEvent(raw, header, secret, toleranceSeconds);
  }

  /** The connected account's id, asked once per 10 minutes (it does not change under a key). */
  async accountId(): Promise<string> {
    if (this.accountCache && Date.now() - this.accountCache.at < 600_000) return this.accountCache.id;
    const account = await this.client().accounts.retrieveCurrent();
    this.accountCache = { id: account.id, at: Date.now() };
    return account.id;
  }

  async retrieveCharge(chargeId: string): Promise<Stripe.Charge> {
    return this.client().charges.retrieve(chargeId);
  }

  /** One page of charges (newest first) created at or after `since`, continuing after `startingAfter`. */
  async listCharges(options: { since: Date | null; startingAfter?: string; limit?: number }) {
    const page = await this.client().charges.list({
      limit: options.limit ?? 100,
      ...(options.since ? { created: { gte: Math.floor(options.since.getTime() / 1000) } } : {}),
      ...(options.startingAfter ? { starting_after: options.startingAfter } : {}),
    });
    return { data: page.data, hasMore: page.has_more };
  }

  /** One page of refunds (newest first) created at or after `since`. */
  async listRefunds(options: { since: Date | null; startingAfter?: string; limit?: number }) {
    const page = await this.client().refunds.list({
      limit: options.limit ?? 100,
      ...(options.since ? { created: { gte: Math.floor(options.since.getTime() / 1000) } } : {}),
      ...(options.startingAfter ? { starting_after: options.startingAfter } : {}),
    });
    return { data: page.data, hasMore: page.has_more };
  }

  async refund(input: {
    chargeId: string;
    amountCents: number;
    idempotencyKey: string;
    refundId: string;
  }): Promise<{ stripeRefundId: string }> {
    if (!this.stripe)
      throw new AppError('not_configured', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    const refund = await this.stripe.refunds.create(
      {
        charge: input.chargeId,
        amount: input.amountCents,
        metadata: { mission_control_refund: input.refundId },
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return { stripeRefundId: refund.id };
  }

  /**
   * The refund made earlier for our refund record, found by its metadata among the charge's refunds:
   * for retries after Stripe has forgotten the Idempotency-Key (24 hours), when asking again with
   * the same key would make a second refund.
   */
  async findRefund(chargeId: string, refundId: string): Promise<{ stripeRefundId: string } | null> {
    if (!this.stripe)
      throw new AppError('not_configured', 'Stripe is not configured (set STRIPE_SECRET_KEY)');
    try {
      for await (const refund of this.stripe.refunds.list({ charge: chargeId, limit: 100 })) {
        if (refund.metadata?.mission_control_refund !== refundId) continue;
        // A refund Stripe failed or canceled was not made: asking again is right.
        if (refund.status === 'failed' || refund.status === 'canceled') continue;
        return { stripeRefundId: refund.id };
      }
      return null;
    } catch (error) {
      // Not finding out is never "Stripe said no": without a status the failure stays retryable.
      throw new Error(`could not look the refund up at Stripe: ${(error as Error).message}`);
    }
  }

  /** Stripe's answer said no (4xx): retrying the same request cannot succeed. Anything else might have. */
  static classify(error: unknown): StripeFailure {
    const stripeError = error as { type?: string; statusCode?: number; message?: string };
    const status = stripeError.statusCode ?? 0;
    return {
      definite: status >= 400 && status < 500 && status !== 409 && status !== 429,
      message: stripeError.message ?? String(error),
    };
  }
}
