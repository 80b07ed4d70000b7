import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Draft, SendDraftsResponse, StragglersPreview } from '../../../contracts/stragglers.ts';
import { api, newIdempotencyKey, toQuery } from '../../lib/api.ts';
import { useFromMission } from '../missions/from-mission.tsx';

const STRAGGLERS = '/api/admin/actions/catch-stragglers';
const draftsKey = ['stragglers', 'drafts'] as const;

export type Tone = Draft['tone'];
export type Channels = StragglersPreview['channels'];
export type Straggler = StragglersPreview['stragglers'][number];
export type SendResult = z.infer<typeof SendDraftsResponse>;
export type DraftStep = { kind: 'edit'; body: string } | { kind: 'approve' } | { kind: 'discard' };

// Restated: the contract's list sits next to zod, which the SPA must not bundle.
export const TONES = ['encouraging', 'direct', 'check_in'] as const satisfies readonly Tone[];

/** Why a channel cannot be used right now, or null when it can. */
export function channelBlock(
  channel: Draft['channel'] | null,
  channels: Channels | undefined,
): string | null {
  if (!channel) return 'No way to reach this student (no Discord link, no email channel)';
  if (!channels) return null;
  const config = channels[channel];
  return config.configured ? null : (config.reason ?? `${channel} is not configured`);
}

export function useDrafts() {
  return useQuery({
    queryKey: draftsKey,
    queryFn: ({ signal }) =>
      api<{ drafts: Draft[] }>(`${STRAGGLERS}/drafts`, { signal }).then((body) => body.drafts),
  });
}

function useRefreshDrafts() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: draftsKey });
}

/** Who has been idle for `idleDays`, and which channels can reach them. */
export function useFindStragglers() {
  return useMutation({
    mutationFn: (idleDays: number) =>
      api<StragglersPreview>(`${STRAGGLERS}/preview${toQuery({ idleDays })}`, { method: 'POST' }),
  });
}

/** Drafts for the picked students; settles once the list shows them. */
export function useCreateDrafts() {
  const refresh = useRefreshDrafts();
  return useMutation({
    mutationFn: (drafts: Array<{ userId: string; courseId: string; tone: Tone }>) =>
      api<{ drafts: Draft[] }>(`${STRAGGLERS}/drafts`, {
        body: { drafts },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: refresh,
  });
}

/** Save a draft's text, approve it or discard it; the list reloads either way (a 409 shows the newer one). */
export function useDraftStep() {
  const refresh = useRefreshDrafts();
  return useMutation({
    mutationFn: ({ draft, step }: { draft: Draft; step: DraftStep }) =>
      step.kind === 'edit'
        ? api<{ draft: Draft }>(`${STRAGGLERS}/drafts/${draft.id}`, {
            method: 'PATCH',
            body: { version: draft.version, body: step.body },
            idempotencyKey: newIdempotencyKey(),
          })
        : api<{ draft: Draft }>(`${STRAGGLERS}/drafts/${draft.id}/${step.kind}`, {
            body: { version: draft.version },
            idempotencyKey: newIdempotencyKey(),
          }),
    onSettled: () => void refresh(),
  });
}

/** Sends the approved drafts; settles once the list shows how each went. */
export function useSendDrafts() {
  const refresh = useRefreshDrafts();
  const fromMission = useFromMission();
  return useMutation({
    mutationFn: (draftIds: string[]) => api<SendResult>(STRAGGLERS, { body: { draftIds, ...fromMission } }),
    onSettled: refresh,
  });
}
