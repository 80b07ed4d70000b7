import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** The Audit tab: the events API, export, corrections and the live stream; month partitions of events. */
export const audit: ServerModule = { name: 'audit', routes, jobs };
