import type { PlatformJob } from '../../platform/module.ts';
import { pruneAnalytics } from './retention.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'analytics-retention',
    schedule: '45 3 * * *',
    run: (mc) => pruneAnalytics({ db: mc.database.db, config: mc.config }),
  },
];
