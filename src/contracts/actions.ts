import { z } from 'zod';

export const GrantTokensBody = z.object({
  userId: z.guid('must be a member id'),
  amount: z.number().int('must be a whole number').positive('must be more than 0'),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(300),
});
export type GrantTokensBody = z.infer<typeof GrantTokensBody>;

export const GrantTokensPreview = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  amount: z.number().int(),
  balanceBefore: z.number().int(),
  balanceAfter: z.number().int(),
  maxPerCall: z.number().int(),
});
export type GrantTokensPreview = z.infer<typeof GrantTokensPreview>;

export const GrantTokensResult = GrantTokensPreview.extend({ ledgerId: z.string(), grantedAt: z.string() });

export const DriftRow = z.object({
  course: z.string(),
  title: z.string(),
  questions: z.number().int(),
  /** Share of true/false questions whose correct answer is the first option ("true"). */
  firstShare: z.number(),
  drifting: z.boolean(),
});
export const DriftScanPreview = z.object({ courses: z.array(DriftRow), limit: z.number() });

export const MorningBrief = z.object({
  from: z.string(),
  to: z.string(),
  signUps: z.number().int(),
  signIns: z.object({ ok: z.number().int(), failed: z.number().int() }),
  // revenue in words with its currency ("USD 1,234.50"); revenueTotal the sum, to compare days.
  orders: z.object({ count: z.number().int(), revenue: z.string(), revenueTotal: z.number() }),
  refunds: z.object({ count: z.number().int(), amount: z.string() }),
  activeStudents: z.number().int(),
  lessonsCompleted: z.number().int(),
  missions: z.object({ opened: z.number().int(), shipped: z.number().int(), open: z.number().int() }),
  /** The same figures for the 24 hours before, for the change beside each. */
  previous: z.object({
    from: z.string(),
    to: z.string(),
    signUps: z.number().int(),
    signIns: z.object({ ok: z.number().int(), failed: z.number().int() }),
    // revenue in words with its currency ("USD 1,234.50"); revenueTotal the sum, to compare days.
    orders: z.object({ count: z.number().int(), revenue: z.string(), revenueTotal: z.number() }),
    refunds: z.object({ count: z.number().int(), amount: z.string() }),
    activeStudents: z.number().int(),
    lessonsCompleted: z.number().int(),
    missions: z.object({ opened: z.number().int(), shipped: z.number().int() }),
  }),
  notable: z.array(z.object({ type: z.string(), count: z.number().int() })),
  /** The same brief as plain text, readable in a minute. */
  text: z.string(),
});
export type MorningBrief = z.infer<typeof MorningBrief>;

export const SendBriefBody = z.object({
  channel: z.enum(['discord', 'email']),
  /** For email: who gets it (default: you). */
  to: z.email('must be an email address').optional(),
});
export const SendBriefResult = z.object({
  channel: z.enum(['discord', 'email']),
  destination: z.string(),
  messageId: z.string(),
});
