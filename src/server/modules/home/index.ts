import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The seed's admin home at /admin: a grid of the sections with live counts. */
export const home: ServerModule = { name: 'home', routes };
