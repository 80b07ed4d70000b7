import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** Staff: who am I, the TOTP step-up, and granting staff access (the command line's). */
export const staff: ServerModule = { name: 'staff', routes };

export { grantStaff, listStaff, revokeStaff } from './service.ts';
export { codeAt } from './totp.ts';
