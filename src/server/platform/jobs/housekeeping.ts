import type { Database } from '../../db/client.ts';
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
      const idempotency = await database.sql.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours' RETURNING 1`,
      );
      const limits = await database.sql.query(
        `DELETE FROM rate_limits WHERE window_start < now() - interval '2 days' RETURNING 1`,
      );
      return { idempotencyKeys: idempotency.length, rateLimits: limits.length };
    },
  },
];
