import { AppError } from '../../errors.ts';
import type { Platform } from '../types.ts';

/**
 * Mails the member a reset link through better-auth's reset flow (the token lives in
 * `verifications`, valid one hour). Staff start resets; they can never set or see a password.
 */
export async function sendPasswordReset(mc: Platform, email: string): Promise<void> {
  if (!mc.mailer.configured)
    throw new AppError('not_configured', mc.mailer.unavailableReason ?? 'Mail is not configured');
  await mc.auth.api.requestPasswordReset({
    body: { email, redirectTo: `${mc.config.publicUrl}/account/reset-password` },
  });
}
