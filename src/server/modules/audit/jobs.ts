import type { PlatformJob } from '../../platform/module.ts';
import { ensureEventPartitions, PARTITION_MONTHS_AHEAD } from './service.ts';

export const jobs: PlatformJob[] = [
  {
    // Daily, though a month lasts 28 days or more: three months of margin survive a long outage.
    name: 'events-partitions',
    schedule: '20 2 * * *',
    run: async (mc) => ({
      created: await ensureEventPartitions(mc.database.db),
      monthsAhead: PARTITION_MONTHS_AHEAD,
    }),
  },
];
