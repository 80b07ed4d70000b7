import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** People & Teams: the teams (self-pairs and groups) and their members. */
export const teams: ServerModule = { name: 'teams', routes };
