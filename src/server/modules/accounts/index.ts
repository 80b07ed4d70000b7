/** What other modules may use from accounts. */
export { accountsRoutes } from './routes.ts';
export { loadUserRow } from './service/user-rows.ts';
