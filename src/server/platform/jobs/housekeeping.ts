import type { Database } from '../../db/client.ts';
import { forgetExpiredKeys } from '../idempotency.ts';
import { forgetOldWindows } from '../rate-limit.ts';
import type { Job } from './runner.ts';

/**
 * The platform's own housekeeping, of the platform's own tables; app.ts registers it before the
 * modules' jobs.
 */
export const PLATFORM_JOBS: Job<{ database: Database }>[] = [
  {
    name: 'expired-keys-cleanup',
    schedule: '40 * * * *',
    run: async ({ database }) => ({
      idempotencyKeys: await forgetExpiredKeys(database.db),
      rateLimits: await forgetOldWindows(database.db),
    }),
  },
];
