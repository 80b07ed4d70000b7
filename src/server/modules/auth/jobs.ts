import type { PlatformJob } from '../../platform/module.ts';
import { forgetOldSignInThrottles } from './throttles.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'signin-throttles-cleanup',
    schedule: '20 * * * *',
    run: async (mc) => ({ forgotten: await forgetOldSignInThrottles(mc.database.db) }),
  },
];
