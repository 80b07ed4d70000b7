import { z } from 'zod';
import { FromMission } from './missions.ts';

export const RefundBody = z.object({
  chargeId: z
    .string()
    .trim()
    .regex(/^ch_[A-Za-z0-9_]+$/, 'must be a Stripe charge id (ch_…)'),
  /** Leave out to refund everything still refundable. */
  amountCents: z.number().int('must be whole cents').positive('must be more than 0').optional(),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(300),
  missionId: FromMission,
});
export type RefundBody = z.infer<typeof RefundBody>;
export const RefundPreviewBody = RefundBody.partial({ reason: true });

export const RefundPreview = z.object({
  payment: z.object({
    id: z.string(),
    chargeId: z.string(),
    amountCents: z.number().int(),
    currency: z.string(),
    user: z.object({ id: z.string(), email: z.string() }).nullable(),
  }),
  refundableCents: z.number().int(),
  amountCents: z.number().int(),
  tokensToDeduct: z.number().int(),
  balanceBefore: z.number().int().nullable(),
  balanceAfter: z.number().int().nullable(),
});

export const RefundView = z.object({
  id: z.string(),
  chargeId: z.string(),
  amountCents: z.number().int(),
  tokensToDeduct: z.number().int(),
  reason: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  stripeRefundId: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

/** `GET /api/admin/refunds`: the list, optionally by status. */
export const RefundsQuery = z.strictObject({ status: z.enum(['pending', 'succeeded', 'failed']).optional() });
