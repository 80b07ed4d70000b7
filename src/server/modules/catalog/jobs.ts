import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { reindexStale } from './service/products.ts';

export const jobs: PlatformJob[] = [
  {
    // Products edited after their last indexing are found by search as they were; this catches up.
    name: 'catalog-search-reindex',
    schedule: '*/5 * * * *',
    run: (mc) => reindexStale(mc.database, { ...SYSTEM_CONTEXT, requestId: 'job:catalog-search-reindex' }),
  },
];
