import { getRouteApi } from '@tanstack/react-router';
import { toast } from 'sonner';
import type { CampaignStatus } from '../../../contracts/campaigns.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PagedList } from '../../components/paged-list.tsx';
import { Badge, type Tone } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { Field } from '../../components/ui/input.tsx';
import { Select } from '../../components/ui/select.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { ApiError } from '../../lib/api.ts';
import { can, useMe } from '../auth/auth.api.ts';
import {
  type CampaignsSearch,
  campaignsExportHref,
  NEXT,
  STATUSES,
  useCampaigns,
  useTransition,
} from './campaigns.api.ts';

const route = getRouteApi('/_console/campaigns');
const TONE: Record<CampaignStatus, Tone> = { staged: 'neutral', active: 'green', closed: 'violet' };
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');

/** Every campaign across all teams; staged → active → closed with manage_community. */
export function CampaignsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const campaigns = useCampaigns(search);
  const transition = useTransition();
  const rows = campaigns.data?.pages.flatMap((page) => page.rows) ?? [];
  const canMove = can(me, 'manage_community');

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Campaigns"
        description="Team journaling events across every team: staged → active → closed."
        actions={<ExportLink href={campaignsExportHref(search)} testId="campaigns-export" />}
      />
      <Card>
        <div className="flex flex-wrap items-end gap-2 border-b border-zinc-100 p-4 dark:border-zinc-800">
          <Field label="Status" htmlFor="campaigns-status">
            <Select
              id="campaigns-status"
              value={search.status ?? ''}
              onChange={(event) =>
                void navigate({
                  search: {
                    ...search,
                    status: (event.target.value || undefined) as CampaignsSearch['status'],
                  },
                })
              }
            >
              <option value="">Any status</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </Select>
          </Field>
          {search.team && (
            <Button size="sm" onClick={() => void navigate({ search: { ...search, team: undefined } })}>
              All teams
            </Button>
          )}
        </div>
        <PagedList
          list={campaigns}
          count={rows.length}
          loading={{ rows: 8, label: 'Loading campaigns' }}
          empty={<EmptyState title="No campaigns match">Try another status.</EmptyState>}
        >
          <ListTable
            minWidth="min-w-[48rem]"
            columns={[
              'Title',
              'Team',
              'Status',
              'Starts',
              'Ends',
              'Posts',
              <span key="move" className="sr-only">
                Move
              </span>,
            ]}
          >
            {rows.map((campaign) => {
              const next = NEXT[campaign.status];
              return (
                <tr
                  key={campaign.id}
                  className="border-b border-zinc-100 dark:border-zinc-800"
                  data-testid="campaign-row"
                >
                  <td className="px-4 py-2 font-medium">{campaign.title}</td>
                  <td className="px-4 py-2">
                    <button
                      type="button"
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                      onClick={() => void navigate({ search: { ...search, team: campaign.team.id } })}
                    >
                      {campaign.team.name}
                    </button>
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={TONE[campaign.status]}>{campaign.status}</Badge>
                  </td>
                  <td className="px-4 py-2 tabular-nums">{day(campaign.startsAt)}</td>
                  <td className="px-4 py-2 tabular-nums">{day(campaign.endsAt)}</td>
                  <td className="px-4 py-2 tabular-nums">{campaign.posts}</td>
                  <td className="px-4 py-2 text-right">
                    {canMove && next && (
                      <Button
                        size="sm"
                        disabled={transition.isPending}
                        onClick={() =>
                          transition.mutate(
                            { campaign, to: next.to },
                            {
                              onSuccess: (moved) => toast.success(`${moved.title}: ${moved.status}`),
                              onError: (error) => {
                                const current =
                                  error instanceof ApiError && error.status === 409
                                    ? (error.details as { campaign?: { status: string } } | undefined)
                                        ?.campaign
                                    : undefined;
                                toast.error(
                                  current
                                    ? `Someone moved it first: it is ${current.status} now`
                                    : error.message,
                                );
                              },
                            },
                          )
                        }
                      >
                        {next.label}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        </PagedList>
      </Card>
    </div>
  );
}
