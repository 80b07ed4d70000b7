import type { Database } from '../../db/client.ts';
import { forgetExpiredKeys } from '../idempotency.ts';
import type { Job } from './runner.ts';

/**
 * The platform's own housekeeping, of the platform's own tables; app.ts registers it before the
 * modules' jobs.
 */
export const PLATFORM_JOBS: Job<{ database: Database }>[] = [
  {
    name: 'expired-keys-cleanup',
    schedule: '40 * * * *',
    run: async ({ database }) => {
      const idempotencyKeys = await forgetExpiredKeys(database.db);
      const limits = await database.sql.query(
        `DELETE FROM rate_limits WHERE window_start < now() - interval '2 days' RETURNING 1`,
      );
      return { idempotencyKeys, rateLimits: limits.length };
    },
  },
];
