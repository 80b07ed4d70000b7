import { AppError } from '../../errors.ts';
import type { Mailer } from '../../integrations/mailer.ts';
import type { Auth } from './better-auth.ts';

/** What starting a password reset needs: better-auth's reset flow, the mailer it sends with, the URL. */
export type PasswordResets = { auth: Auth; mailer: Mailer; publicUrl: string };

/**
 * Mails the member a reset link through better-auth's reset flow (the token lives in
 * `verifications`, valid one hour). Staff start resets; they can never set or see a password.
 */
export async function sendPasswordReset(deps: PasswordResets, email: string): Promise<void> {
  if (!deps.mailer.configured)
    throw new AppError('not_configured', deps.mailer.unavailableReason ?? 'Mail is not configured');
  await deps.auth.api.requestPasswordReset({
    body: { email, redirectTo: `${deps.publicUrl}/account/reset-password` },
  });
}
