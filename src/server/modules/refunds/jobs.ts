import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { reconcileRefunds } from './service.ts';

export const jobs: PlatformJob[] = [
  {
    // Also run once at start-up (main.ts): it finishes refunds a previous process left half-done.
    name: 'refund-reconcile',
    schedule: '* * * * *',
    run: (mc) =>
      reconcileRefunds(
        { database: mc.database, payments: mc.payments, fault: mc.config.fault },
        { ...SYSTEM_CONTEXT, requestId: 'job:refund-reconcile' },
      ),
  },
];
