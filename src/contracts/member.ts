import { z } from 'zod';
import { USER_STATUSES } from './users.values.ts';

/** GET /api/user: guests get `{auth:false}` (200), not a 401. */
export const CurrentUserResponse = z.union([
  z.object({ auth: z.literal(false) }),
  z.object({
    auth: z.literal(true),
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), status: z.enum(USER_STATUSES) }),
  }),
]);

/** GET /api/user/providers: the sign-in methods this server offers members. */
export const SignInProviders = z.object({ password: z.literal(true), google: z.boolean() });
export type SignInProviders = z.infer<typeof SignInProviders>;

/** "Forgot password?" on /account: the same answer whether or not the email has an account. */
export const ForgotPasswordBody = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL')
    .pipe(z.email('must be an email address')),
});
export const ForgotPasswordResponse = z.object({ sent: z.literal(true), message: z.string() });
