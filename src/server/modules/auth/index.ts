import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/**
 * Signing in (better-auth mount and sign-in pipeline), the staff member's /me, the TOTP step-up,
 * and granting staff access (the command line's).
 */
export const auth: ServerModule = { name: 'auth', routes, jobs };

export { grantStaff, listStaff, revokeStaff } from './service.ts';
export { geoDatabase } from './sign-in-log.ts';
export {
  clearSignInThrottles,
  listSignInThrottles,
  type SignInThrottle,
} from './throttles.ts';
export { codeAt, newTotpSecret } from './totp.ts';
