import type { z } from 'zod';
import type { RefundBody, RefundPreview, RefundView } from '../../../contracts/refunds.ts';
import { api } from '../../lib/api.ts';

const REFUND = '/api/admin/actions/refund';

export type RefundPlan = z.infer<typeof RefundPreview>;

export const refundsApi = {
  preview: (body: Partial<RefundBody>) => api<RefundPlan>(`${REFUND}/preview`, { body }),
  refund: (body: RefundBody, idempotencyKey: string) => api<RefundView>(REFUND, { body, idempotencyKey }),
};
