import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions.ts';

export const StepUpState = z.object({
  enrolled: z.boolean(),
  /** ISO time until which admin calls are allowed without a new code; null when stale. */
  expiresAt: z.string().nullable(),
  timeoutSeconds: z.number().int(),
});
export type StepUpState = z.infer<typeof StepUpState>;

export const MeResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  stepUp: StepUpState,
  /** ADMIN_ENHANCED (seed 001 §8): whether the console shows the seed's new blocks. */
  adminEnhanced: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be a 6-digit code');

export const StepUpBody = z.object({ code: TotpCode });
export type StepUpBody = z.infer<typeof StepUpBody>;

export const StepUpResponse = z.object({ expiresAt: z.string() });
export type StepUpResponse = z.infer<typeof StepUpResponse>;

export const EnrollResponse = z.object({
  otpauthUri: z.string(),
  /** The same URI as a QR code, an SVG document ready to inline. */
  qrSvg: z.string(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;
