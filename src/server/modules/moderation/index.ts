import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The moderation queue: flagged posts, and what moderators do about them. */
export const moderation: ServerModule = { name: 'moderation', routes };
