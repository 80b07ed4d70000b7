import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { recoverInterruptedSends } from './service.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'interrupted-sends',
    schedule: '*/5 * * * *',
    run: (mc) =>
      recoverInterruptedSends(mc.database, { ...SYSTEM_CONTEXT, requestId: 'job:interrupted-sends' }),
  },
];
