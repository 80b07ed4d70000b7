import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ExportLink } from '../../components/export-link.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { Select } from '../../components/ui/select.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { TeamDrawer } from './team-drawer.tsx';
import { KIND_LABEL, KINDS, type TeamsSearch, teamsExportHref, useTeams } from './teams.api.ts';

const route = getRouteApi('/_console/teams');

/** Teams: self-pairs and groups, newest first; a row opens the member drawer. */
export function TeamsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { team: open, ...filters } = search;
  const teams = useTeams(filters);
  const rows = teams.data?.pages.flatMap((page) => page.rows) ?? [];
  const [query, setQuery] = useState(filters.query ?? '');
  useEffect(() => setQuery(filters.query ?? ''), [filters.query]);
  const apply = (next: TeamsSearch) =>
    void navigate({
      search: Object.fromEntries(Object.entries(next).filter(([, value]) => value)) as TeamsSearch,
    });

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Teams"
        description="Self-pairs (a person with themself) and groups, with their members."
        actions={<ExportLink href={teamsExportHref(filters)} testId="teams-export" />}
      />
      <Card>
        <form
          className="flex flex-wrap items-end gap-2 border-b border-zinc-100 p-4 dark:border-zinc-800"
          onSubmit={(event) => {
            event.preventDefault();
            apply({ ...filters, query: query.trim() || undefined });
          }}
        >
          <Field label="Kind" htmlFor="teams-kind">
            <Select
              id="teams-kind"
              value={filters.kind ?? ''}
              onChange={(event) =>
                apply({ ...filters, kind: (event.target.value || undefined) as TeamsSearch['kind'] })
              }
            >
              <option value="">Any kind</option>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABEL[kind]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Name" htmlFor="teams-query">
            <Input
              id="teams-query"
              value={query}
              maxLength={100}
              onChange={(event) => setQuery(event.target.value)}
            />
          </Field>
          <Button type="submit">Search</Button>
        </form>
        <PagedList
          list={teams}
          count={rows.length}
          loading={{ rows: 8, label: 'Loading teams' }}
          empty={<EmptyState title="No teams match">Loosen a filter.</EmptyState>}
        >
          <ListTable minWidth="min-w-[36rem]" columns={['Name', 'Kind', 'Members', 'Campaigns', 'Created']}>
            {rows.map((team) => (
              <tr key={team.id} className="border-b border-zinc-100 dark:border-zinc-800">
                <td className="px-4 py-2">
                  <button
                    type="button"
                    className="text-left font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    onClick={() => void navigate({ search: { ...filters, team: team.id } })}
                  >
                    {team.name}
                  </button>
                </td>
                <td className="px-4 py-2">
                  <Badge tone={team.kind === 'self_pair' ? 'blue' : 'neutral'}>{KIND_LABEL[team.kind]}</Badge>
                </td>
                <td className="px-4 py-2 tabular-nums">{team.members}</td>
                <td className="px-4 py-2 tabular-nums">{team.campaigns}</td>
                <td className="px-4 py-2 tabular-nums">{new Date(team.createdAt).toLocaleDateString()}</td>
              </tr>
            ))}
          </ListTable>
        </PagedList>
      </Card>
      <TeamDrawer id={open} onClose={() => void navigate({ search: filters })} />
    </div>
  );
}
