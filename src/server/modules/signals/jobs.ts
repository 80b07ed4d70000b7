import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { runHealthPulse } from './pulse.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'health-pulse',
    schedule: '*/15 * * * *',
    run: async (mc) => {
      const result = await runHealthPulse(mc.database, { ...SYSTEM_CONTEXT, requestId: 'job:health-pulse' });
      return { signals: result.signals.length, opened: result.opened.length, cleared: result.cleared.length };
    },
  },
];
