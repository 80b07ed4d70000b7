import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** Ctrl-K's search across the lists a role may see, each asked of the module that owns it. */
export const search: ServerModule = { name: 'search', routes };
