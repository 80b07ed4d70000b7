import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { toast } from 'sonner';
import type { AuditEvent } from '../../../../contracts/audit.ts';
import type { MeResponse } from '../../../../contracts/auth.ts';
import type { Mission } from '../../../../contracts/missions.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Facts } from '../../../components/ui/card.tsx';
import { Drawer } from '../../../components/ui/drawer.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { api } from '../../../lib/api.ts';
import { dateTime, relativeTime } from '../../../lib/time.ts';
import { AuditEventsTable } from '../../audit/components/audit-events-table.tsx';
import { can } from '../../auth/auth.api.ts';
import { isStaffRow, useUserSearch } from '../../users/users.api.ts';
import {
  conflictOf,
  type MissionPriority,
  missionsKey,
  PRIORITIES,
  STATUS_LABEL,
  useMissionTimeline,
  useSetMission,
  useUpdateMission,
} from '../missions.api.ts';
import { PRIORITY_TONE } from './mission-card.tsx';
import { MissionEvidence } from './mission-evidence.tsx';

function useMission(id: string | undefined, fromBoard: Mission | undefined) {
  return useQuery({
    queryKey: [...missionsKey, id, 'one'],
    enabled: Boolean(id) && !fromBoard,
    queryFn: ({ signal }) =>
      api<{ mission: Mission }>(`/api/admin/missions/${id}`, { signal }).then((body) => body.mission),
  });
}

/**
 * What was done from this card (grants, refunds, straggler messages: `mission.action_recorded`,
 * from missions/board.ts), and the way to do more: the Actions tab, acting for this card.
 */
function CardActions({
  missionId,
  events,
  me,
}: {
  missionId: string;
  events: AuditEvent[] | undefined;
  me: MeResponse | undefined;
}) {
  const done = (events ?? []).filter(
    (event) =>
      event.type === 'mission.action_recorded' ||
      (event.type === 'mission.created' && event.payload.source === 'action'),
  );
  const mayAct = can(me, 'grant_tokens') || can(me, 'refund') || can(me, 'send_messages');
  if (done.length === 0 && !mayAct) return null;
  return (
    <section className="px-5" aria-label="Actions on this card">
      <div className="mb-1.5 flex items-center justify-between">
        <h3 className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">Actions on this card</h3>
        {mayAct && (
          <Link
            to="/actions"
            search={{ mission: missionId }}
            className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-300"
          >
            Act on this card
          </Link>
        )}
      </div>
      {done.length === 0 ? (
        <p className="text-xs text-zinc-500">Nothing done from this card yet.</p>
      ) : (
        <ul className="flex flex-col gap-1 text-xs" data-testid="mission-actions-done">
          {done.map((event) => (
            <li key={event.id} className="flex gap-2">
              <time dateTime={event.ts} className="shrink-0 text-zinc-500 tabular-nums">
                {dateTime(event.ts)}
              </time>
              <span className="min-w-0 break-words">
                {String(event.payload.summary ?? event.type)}
                {event.actorEmail ? <span className="text-zinc-500"> · {event.actorEmail}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MissionDrawer({
  id,
  board,
  me,
  onClose,
}: {
  id: string | undefined;
  board: Mission[] | undefined;
  me: MeResponse | undefined;
  onClose: () => void;
}) {
  const fromBoard = board?.find((each) => each.id === id);
  const single = useMission(id, fromBoard);
  const mission = fromBoard ?? single.data;
  const timeline = useMissionTimeline(id);
  const update = useUpdateMission();
  const setMission = useSetMission();
  const canEdit = can(me, 'manage_missions');
  const [staffTerm, setStaffTerm] = useState('');
  // The people a card can be given to: staff whose email or name matches.
  const staff = useUserSearch(staffTerm, { enabled: canEdit, pageSize: 20 });
  const staffRows = staff.data?.filter(isStaffRow);

  const change = (patch: { priority?: MissionPriority; ownerId?: string | null }) => {
    if (!mission) return;
    update.mutate(
      { id: mission.id, body: { version: mission.version, ...patch } },
      {
        onSuccess: () => toast.success('Mission updated'),
        onError: (error) => {
          const current = conflictOf(error);
          if (current) {
            setMission(current);
            toast.warning('Someone changed this first; showing their version');
          } else toast.error(error.message);
        },
      },
    );
  };

  const ownerOptions = new Map<string, string>();
  if (me) ownerOptions.set(me.user.id, `${me.user.email} (me)`);
  if (mission?.owner)
    ownerOptions.set(mission.owner.id, ownerOptions.get(mission.owner.id) ?? mission.owner.email);
  for (const row of staffRows ?? []) {
    if (!ownerOptions.has(row.id)) ownerOptions.set(row.id, `${row.email} (${row.role})`);
  }

  return (
    <Drawer
      open={Boolean(id)}
      onOpenChange={(open) => !open && onClose()}
      title={mission?.title ?? 'Mission'}
      description={
        mission ? `${STATUS_LABEL[mission.status]} · opened ${relativeTime(mission.createdAt)}` : ''
      }
    >
      {!mission ? (
        single.isError ? (
          <ErrorState
            error={single.error}
            onRetry={() => void single.refetch()}
            title="Could not load this mission"
          />
        ) : (
          <SkeletonRows rows={5} label="Loading mission" />
        )
      ) : (
        <div className="flex flex-col gap-5 py-4" data-testid="mission-drawer">
          <div className="grid grid-cols-2 gap-3 px-5">
            <Field label="Priority" htmlFor="drawer-priority">
              <Select
                id="drawer-priority"
                value={mission.priority}
                disabled={!canEdit || update.isPending}
                title={canEdit ? undefined : 'Your role lacks the manage_missions permission'}
                onChange={(event) => change({ priority: event.target.value as MissionPriority })}
              >
                {PRIORITIES.map((each) => (
                  <option key={each} value={each}>
                    {each}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Owner" htmlFor="drawer-owner">
              <Select
                id="drawer-owner"
                value={mission.owner?.id ?? ''}
                disabled={!canEdit || update.isPending}
                title={canEdit ? undefined : 'Your role lacks the manage_missions permission'}
                onChange={(event) => change({ ownerId: event.target.value || null })}
              >
                <option value="">Unassigned</option>
                {[...ownerOptions].map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
            {canEdit && (
              <Field
                label="Find staff to assign"
                htmlFor="drawer-staff-search"
                className="col-span-2"
                hint={
                  staffTerm.trim().length >= 2 && staffRows ? (
                    <p className="text-[11px] text-zinc-500">
                      {staffRows.length
                        ? `${staffRows.length} staff match: pick them in Owner`
                        : `No staff match “${staffTerm.trim()}”`}
                    </p>
                  ) : undefined
                }
              >
                <Input
                  id="drawer-staff-search"
                  value={staffTerm}
                  placeholder="email or name"
                  autoComplete="off"
                  onChange={(event) => setStaffTerm(event.target.value)}
                />
              </Field>
            )}
          </div>
          <Facts
            rows={[
              ['Status', STATUS_LABEL[mission.status]],
              [
                'Priority',
                <Badge key="p" tone={PRIORITY_TONE[mission.priority]}>
                  {mission.priority}
                </Badge>,
              ],
              ['Signal', mission.signalKey ?? 'manual'],
              ['Severity', mission.severity ?? '—'],
              ['Signal cleared', mission.signalClearedAt ? dateTime(mission.signalClearedAt) : '—'],
              ['Created', dateTime(mission.createdAt)],
              ['Updated', dateTime(mission.updatedAt)],
              ['Shipped', mission.shippedAt ? dateTime(mission.shippedAt) : '—'],
              ['Version', mission.version],
            ]}
          />
          {Object.keys(mission.evidence).length > 0 && (
            <section className="px-5">
              <h3 className="mb-1.5 text-xs font-semibold text-zinc-600 dark:text-zinc-400">Evidence</h3>
              <MissionEvidence evidence={mission.evidence} />
            </section>
          )}
          <CardActions missionId={mission.id} events={timeline.data} me={me} />
          <section>
            <h3 className="mb-1.5 px-5 text-xs font-semibold text-zinc-600 dark:text-zinc-400">Timeline</h3>
            {timeline.data ? (
              timeline.data.length ? (
                <AuditEventsTable events={timeline.data} />
              ) : (
                <EmptyState title="No events yet" />
              )
            ) : timeline.isError ? (
              <ErrorState
                error={timeline.error}
                onRetry={() => void timeline.refetch()}
                title="Could not load the timeline"
              />
            ) : (
              <SkeletonRows rows={3} label="Loading timeline" />
            )}
          </section>
        </div>
      )}
    </Drawer>
  );
}
