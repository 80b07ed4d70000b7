import type { z } from 'zod';
import type {
  DriftScanPreview,
  GrantTokensBody,
  GrantTokensPreview,
  GrantTokensResult,
  MorningBrief,
} from '../../../contracts/actions.ts';
import type { RefundBody, RefundPreview, RefundView } from '../../../contracts/refunds.ts';
import type { IntegrationsStatus, PulseResult } from '../../../contracts/signals.ts';
import type { Draft, StragglersPreview } from '../../../contracts/stragglers.ts';
import type { UsersListResponse } from '../../../contracts/users.ts';
import { api, toQuery } from '../../lib/api.ts';

const BASE = '/api/admin/actions';
const STRAGGLERS = `${BASE}/catch-stragglers`;

export type Tone = Draft['tone'];
export type DriftPreview = z.infer<typeof DriftScanPreview>;
export type GrantResult = z.infer<typeof GrantTokensResult>;
export type RefundPlan = z.infer<typeof RefundPreview>;
export type Integrations = z.infer<typeof IntegrationsStatus>;
export type SendResult = {
  results: Array<{ draftId: string; ok: boolean; status: Draft['status']; error: string | null }>;
};

// Restated: the contract's list sits next to zod, which the SPA must not bundle.
export const TONES = ['encouraging', 'direct', 'check_in'] as const satisfies readonly Tone[];

export const actionsApi = {
  pulsePreview: () => api<PulseResult>(`${BASE}/health-pulse/preview`, { method: 'POST' }),
  pulseRun: (idempotencyKey: string) =>
    api<PulseResult>(`${BASE}/health-pulse`, { method: 'POST', idempotencyKey }),
  driftPreview: () => api<DriftPreview>(`${BASE}/drift-scan/preview`, { method: 'POST' }),
  driftRun: (idempotencyKey: string) =>
    api<PulseResult>(`${BASE}/drift-scan`, { method: 'POST', idempotencyKey }),
  brief: () => api<MorningBrief>(`${BASE}/morning-brief/preview`, { method: 'POST' }),
  grantPreview: (body: GrantTokensBody) => api<GrantTokensPreview>(`${BASE}/grant-tokens/preview`, { body }),
  grant: (body: GrantTokensBody, idempotencyKey: string) =>
    api<GrantResult>(`${BASE}/grant-tokens`, { body, idempotencyKey }),
  sendBrief: (channel: 'discord' | 'email') =>
    api<{ channel: string; destination: string; messageId: string }>(`${BASE}/morning-brief`, {
      body: { channel },
    }),
  integrations: (signal?: AbortSignal) => api<Integrations>('/api/admin/integrations', { signal }),
  refundPreview: (body: Partial<RefundBody>) => api<RefundPlan>(`${BASE}/refund/preview`, { body }),
  refund: (body: RefundBody, idempotencyKey: string) =>
    api<RefundView>(`${BASE}/refund`, { body, idempotencyKey }),
  searchUsers: (query: string, signal?: AbortSignal) =>
    api<UsersListResponse>(`/api/admin/users${toQuery({ query, pageSize: 8 })}`, { signal }),
  stragglers: (idleDays: number) =>
    api<StragglersPreview>(`${STRAGGLERS}/preview${toQuery({ idleDays })}`, { method: 'POST' }),
  drafts: (signal?: AbortSignal) =>
    api<{ drafts: Draft[] }>(`${STRAGGLERS}/drafts`, { signal }).then((body) => body.drafts),
  createDrafts: (drafts: Array<{ userId: string; courseId: string; tone: Tone }>, idempotencyKey: string) =>
    api<{ drafts: Draft[] }>(`${STRAGGLERS}/drafts`, { body: { drafts }, idempotencyKey }),
  editDraft: (draft: Draft, body: string, idempotencyKey: string) =>
    api<{ draft: Draft }>(`${STRAGGLERS}/drafts/${draft.id}`, {
      method: 'PATCH',
      body: { version: draft.version, body },
      idempotencyKey,
    }),
  draftAction: (draft: Draft, kind: 'approve' | 'discard', idempotencyKey: string) =>
    api<{ draft: Draft }>(`${STRAGGLERS}/drafts/${draft.id}/${kind}`, {
      body: { version: draft.version },
      idempotencyKey,
    }),
  send: (draftIds: string[]) => api<SendResult>(STRAGGLERS, { body: { draftIds } }),
};
