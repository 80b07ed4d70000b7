import type { z } from 'zod';
import type {
  DriftScanPreview,
  GrantTokensBody,
  GrantTokensPreview,
  GrantTokensResult,
  MorningBrief,
  SendBriefResult,
} from '../../../contracts/actions.ts';
import type { PulseResult } from '../../../contracts/signals.ts';
import { api } from '../../lib/api.ts';

const BASE = '/api/admin/actions';

export type DriftPreview = z.infer<typeof DriftScanPreview>;
export type GrantResult = z.infer<typeof GrantTokensResult>;
export type BriefChannel = z.infer<typeof SendBriefResult>['channel'];

export const actionsApi = {
  driftPreview: () => api<DriftPreview>(`${BASE}/drift-scan/preview`, { method: 'POST' }),
  driftRun: (idempotencyKey: string) =>
    api<PulseResult>(`${BASE}/drift-scan`, { method: 'POST', idempotencyKey }),
  brief: () => api<MorningBrief>(`${BASE}/morning-brief/preview`, { method: 'POST' }),
  sendBrief: (channel: BriefChannel) =>
    api<z.infer<typeof SendBriefResult>>(`${BASE}/morning-brief`, { body: { channel } }),
  grantPreview: (body: GrantTokensBody) => api<GrantTokensPreview>(`${BASE}/grant-tokens/preview`, { body }),
  grant: (body: GrantTokensBody, idempotencyKey: string) =>
    api<GrantResult>(`${BASE}/grant-tokens`, { body, idempotencyKey }),
};
