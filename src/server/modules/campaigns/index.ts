import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** Campaigns: team journaling events, staged → active → closed. */
export const campaigns: ServerModule = { name: 'campaigns', routes };
