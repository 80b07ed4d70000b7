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

/**
 * What the auth library's mount (`/api/auth/*`, behind our sign-in pipeline) answers: its own JSON on
 * success (the user, a redirect URL...), a redirect on the OAuth callback, and errors in its shape
 * (`code` is better-auth's, e.g. INVALID_EMAIL_OR_PASSWORD) or ours (throttling, bad input).
 */
const AuthAnswer = z.object({}).loose();
const AuthError = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
  .loose();
const Redirect = {
  description: 'A redirect (the OAuth callback, back to the console)',
  content: { 'text/plain': { schema: z.string() } },
};
export const AUTH_MOUNT_RESPONSES = {
  200: AuthAnswer,
  302: Redirect,
  '4XX': AuthError,
  503: AuthError,
};
