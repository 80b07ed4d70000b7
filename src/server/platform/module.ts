import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HealthProbes } from './health.ts';
import type { Job } from './jobs/runner.ts';
import type { Platform } from './types.ts';

/**
 * A feature of the server as app.ts sees it: its routes (one encapsulated Fastify plugin, every
 * route declaring its guard) and its scheduled jobs. `modules/<name>/index.ts` exports it, with the
 * few functions other modules may call; app.ts registers the list of them.
 */
export type ServerModule = {
  /** The feature's one name: module folder, contracts file, web folder, tests folder, OpenAPI tag. */
  name: string;
  routes: FastifyPluginAsyncZod;
  jobs?: PlatformJob[];
  /** What the module reports to the System tab's health (registered on the platform at start-up). */
  health?: Partial<HealthProbes>;
};

/** A job of the app: its run gets the platform and hands its services what they use. */
export type PlatformJob = Job<Platform>;
