import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { processStuckWebhooks } from './service/webhooks.ts';

export const jobs: PlatformJob[] = [
  {
    // A delivery stored by a process that died before processing it: processed here, once.
    name: 'stripe-webhooks-stuck',
    schedule: '* * * * *',
    run: (mc) =>
      processStuckWebhooks(
        { database: mc.database, payments: mc.payments, webhookSecret: mc.config.stripeWebhookSecret },
        { ...SYSTEM_CONTEXT, requestId: 'job:stripe-webhooks-stuck' },
      ),
  },
];
