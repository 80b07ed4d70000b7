import type { PlatformJob } from '../../platform/module.ts';
import { refreshUserAggregate, rollUpLoginEvents } from './service/login-events.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'login-events-retention',
    schedule: '15 3 * * *',
    run: (mc) => rollUpLoginEvents({ db: mc.database.db, config: mc.config }),
  },
  {
    name: 'user-aggregate-refresh',
    schedule: '*/10 * * * *',
    run: (mc) => refreshUserAggregate(mc.database.db),
  },
];
