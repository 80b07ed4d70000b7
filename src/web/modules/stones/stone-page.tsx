import { getRouteApi, Link } from '@tanstack/react-router';
import { ArrowLeft } from 'lucide-react';
import { toast } from 'sonner';
import { PageHeader } from '../../components/page-header.tsx';
import { Badge, toneForEventType } from '../../components/ui/badge.tsx';
import { Card, CardHeader, Facts } from '../../components/ui/card.tsx';
import { Select } from '../../components/ui/select.tsx';
import { ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { newIdempotencyKey } from '../../lib/api.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { dateTime, useLocations, usePremap, useStone } from './stones.api.ts';

const route = getRouteApi('/_console/stones/$id');

function Traits({ traits }: { traits: Record<string, unknown> }) {
  const entries = Object.entries(traits);
  if (entries.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">None yet.</p>;
  return <Facts rows={entries.map(([name, value]) => [name, String(value)])} />;
}

/** A stone: traits, activation, owner and team, conversation metadata (never content), timeline. */
export function StonePage() {
  const { id } = route.useParams();
  const me = useMe().data;
  const query = useStone(id);
  const locations = useLocations();
  const premap = usePremap(id);
  if (query.error)
    return (
      <Card>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    );
  if (!query.data)
    return (
      <Card>
        <SkeletonRows rows={8} label="Loading stone" />
      </Card>
    );
  const { stone, timeline, events } = query.data;
  const canPremap = can(me, 'manage_stones') && stone.status === 'unactivated';

  return (
    <div className="mx-auto max-w-[96rem]">
      <Link
        to="/stones"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800"
      >
        <ArrowLeft className="size-4" aria-hidden /> Stones
      </Link>
      <PageHeader
        title={stone.code}
        description={`${stone.kind === 'stone' ? 'Stone' : 'Pebble'} · ${stone.status}`}
        actions={<Badge tone={stone.status === 'activated' ? 'green' : 'neutral'}>{stone.status}</Badge>}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader title="Activation" />
          <Facts
            rows={[
              ['Kind', stone.kind],
              ['Activated', dateTime(stone.activatedAt)],
              ['By', stone.activatedBy?.email ?? '—'],
              ['Team', stone.team ? `${stone.team.name} (${stone.team.kind.replace('_', '-')})` : '—'],
              ['Made', dateTime(stone.createdAt)],
              ['Posts about it', String(stone.posts)],
            ]}
          />
          <div className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
            <label htmlFor="premap" className="text-zinc-500">
              Premapped to
            </label>
            {canPremap ? (
              <Select
                id="premap"
                className="w-48"
                value={stone.location?.id ?? ''}
                disabled={premap.isPending}
                onChange={(event) =>
                  premap.mutate(
                    { locationId: event.target.value || null, idempotencyKey: newIdempotencyKey() },
                    {
                      onSuccess: () => toast.success('Location saved'),
                      onError: (error) => toast.error(error.message),
                    },
                  )
                }
              >
                <option value="">Not premapped</option>
                {(locations.data ?? []).map((location) => (
                  <option key={location.id} value={location.id}>
                    {location.name}
                  </option>
                ))}
              </Select>
            ) : (
              <span id="premap" className="font-medium">
                {stone.location?.name ?? '—'}
              </span>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader title="Genesis traits" />
          <Traits traits={stone.genesisTraits} />
          <CardHeader title="Stone traits" />
          <Traits traits={stone.stoneTraits} />
        </Card>
        <Card>
          <CardHeader title="Conversation (metadata only)" />
          {stone.conversation ? (
            <Facts
              rows={[
                ['Messages', String(stone.conversation.messages)],
                ['Participants', String(stone.conversation.participants)],
                ['First message', dateTime(stone.conversation.firstMessageAt)],
                ['Last message', dateTime(stone.conversation.lastMessageAt)],
              ]}
            />
          ) : (
            <p className="px-4 py-3 text-sm text-zinc-500">No conversation yet.</p>
          )}
        </Card>
      </div>
      <Card className="mt-4">
        <CardHeader title="Timeline" />
        <ol className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="stone-timeline">
          {[
            ...timeline.map((entry) => ({ at: entry.at, label: entry.label, type: null as string | null })),
            ...events.map((event) => ({
              at: event.ts,
              label: event.actorEmail ?? 'system',
              type: event.type,
            })),
          ]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((entry) => (
              <li
                key={`${entry.at}-${entry.type ?? entry.label}`}
                className="flex flex-wrap items-center gap-3 px-4 py-2"
              >
                <span className="w-44 shrink-0 text-zinc-500 tabular-nums">{dateTime(entry.at)}</span>
                {entry.type && <Badge tone={toneForEventType(entry.type)}>{entry.type}</Badge>}
                <span>{entry.label}</span>
              </li>
            ))}
        </ol>
      </Card>
    </div>
  );
}
