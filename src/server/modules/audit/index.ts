import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The Audit tab: the events API, export, corrections and the live stream. */
export const audit: ServerModule = { name: 'audit', routes };
