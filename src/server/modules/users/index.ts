import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** The Users tab: list, User 360, row and bulk actions, the audited IP reveal. */
export const users: ServerModule = { name: 'users', routes, jobs };

export { changeStatus } from './service/actions.ts';
export { searchMembers } from './service/search-members.ts';
export { listSessions } from './service/user-360.ts';
