import { Badge } from '../../components/ui/badge.tsx';
import { Card, CardHeader } from '../../components/ui/card.tsx';
import { Drawer } from '../../components/ui/drawer.tsx';
import { ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { KIND_LABEL, useTeam } from './teams.api.ts';

/** A team's members (owners first) and campaigns. */
export function TeamDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const team = useTeam(id);
  const data = team.data;
  return (
    <Drawer
      open={Boolean(id)}
      onOpenChange={(open) => !open && onClose()}
      title={data?.team.name ?? 'Team'}
      description={data ? `${KIND_LABEL[data.team.kind]} · ${data.team.members} members` : undefined}
    >
      {team.error ? (
        <ErrorState error={team.error} onRetry={() => void team.refetch()} />
      ) : !data ? (
        <SkeletonRows rows={6} label="Loading team" />
      ) : (
        <div className="flex flex-col gap-4 p-5">
          <Card>
            <CardHeader title="Members" />
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="team-members">
              {data.members.map((member) => (
                <li
                  key={member.userId}
                  className="flex flex-wrap items-center justify-between gap-2 px-4 py-2"
                >
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{member.name || member.email}</span>{' '}
                    <span className="text-zinc-500">{member.email}</span>
                  </span>
                  <span className="flex items-center gap-1.5">
                    {member.role === 'owner' && <Badge tone="violet">owner</Badge>}
                    {member.status !== 'active' && <Badge tone="red">{member.status}</Badge>}
                    <span className="text-xs text-zinc-500 tabular-nums">
                      joined {new Date(member.joinedAt).toLocaleDateString()}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardHeader title="Campaigns" />
            {data.campaigns.length === 0 ? (
              <p className="px-4 py-3 text-sm text-zinc-500">No campaigns.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
                {data.campaigns.map((campaign) => (
                  <li key={campaign.id} className="flex justify-between gap-2 px-4 py-2">
                    <span>{campaign.title}</span>
                    <Badge>{campaign.status}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </Drawer>
  );
}
