import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TeamResponse, TeamRow, TeamsResponse } from '../../../contracts/teams.ts';
import { api, toQuery } from '../../lib/api.ts';

export const KINDS = ['self_pair', 'group'] as const satisfies readonly TeamRow['kind'][];
export const KIND_LABEL: Record<TeamRow['kind'], string> = { self_pair: 'Self-pair', group: 'Group' };

/** The Teams list's URL state: filters and the team whose drawer is open. */
export type TeamsSearch = { kind?: TeamRow['kind']; query?: string; team?: string };

export function parseTeamsSearch(search: Record<string, unknown>): TeamsSearch {
  const out: TeamsSearch = {};
  if (KINDS.includes(search.kind as TeamRow['kind'])) out.kind = search.kind as TeamRow['kind'];
  if (typeof search.query === 'string' && search.query.length <= 100) out.query = search.query;
  if (typeof search.team === 'string' && /^[0-9a-f-]{36}$/i.test(search.team)) out.team = search.team;
  return out;
}

const PATH = '/api/admin/teams';

/** The Teams list's CSV for the filters on screen (platform/export.ts). */
export function teamsExportHref(filters: { kind?: string; query?: string }): string {
  return `${PATH}/export${toQuery(filters)}`;
}

export function useTeams(filters: { kind?: string; query?: string; member?: string }) {
  return useInfiniteQuery({
    queryKey: ['teams', 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<TeamsResponse>(`${PATH}${toQuery({ ...filters, pageSize: 50, cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useTeam(id: string | undefined) {
  return useQuery({
    queryKey: ['teams', 'one', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api<TeamResponse>(`${PATH}/${id}`, { signal }),
  });
}
