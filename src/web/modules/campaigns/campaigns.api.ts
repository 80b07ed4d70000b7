import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignStatus, CampaignsResponse } from '../../../contracts/campaigns.ts';
import { api, newIdempotencyKey, toQuery } from '../../lib/api.ts';

export const STATUSES = ['staged', 'active', 'closed'] as const satisfies readonly CampaignStatus[];
/** The one move each status allows. */
export const NEXT: Record<CampaignStatus, { to: 'active' | 'closed'; label: string } | null> = {
  staged: { to: 'active', label: 'Activate' },
  active: { to: 'closed', label: 'Close' },
  closed: null,
};

export type CampaignsSearch = { status?: CampaignStatus; team?: string };

export function parseCampaignsSearch(search: Record<string, unknown>): CampaignsSearch {
  const out: CampaignsSearch = {};
  if (STATUSES.includes(search.status as CampaignStatus)) out.status = search.status as CampaignStatus;
  if (typeof search.team === 'string' && /^[0-9a-f-]{36}$/i.test(search.team)) out.team = search.team;
  return out;
}

const PATH = '/api/admin/campaigns';

/** The Campaigns list's CSV for the filters on screen (platform/export.ts). */
export function campaignsExportHref(filters: CampaignsSearch): string {
  return `${PATH}/export${toQuery(filters)}`;
}

export function useCampaigns(filters: CampaignsSearch) {
  return useInfiniteQuery({
    queryKey: ['campaigns', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<CampaignsResponse>(`${PATH}${toQuery({ ...filters, pageSize: 50, cursor: pageParam })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Moves a campaign with the version this console saw; a 409 carries the current campaign. */
export function useTransition() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ campaign, to }: { campaign: Campaign; to: 'active' | 'closed' }) =>
      api<{ campaign: Campaign }>(`${PATH}/${campaign.id}/transition`, {
        body: { to, version: campaign.version },
        idempotencyKey: newIdempotencyKey(),
      }).then((answer) => answer.campaign),
    onSettled: () => void client.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
