import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** A member's own account page (/account): who is signed in, their sessions. */
export const member: ServerModule = { name: 'member', routes };
