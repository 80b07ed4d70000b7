import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { toast } from 'sonner';
import type { AuditEvent } from '../../../contracts/audit.ts';
import type {
  CreateMissionBody,
  Mission,
  MissionStatus,
  UpdateMissionBody,
} from '../../../contracts/missions.ts';
import { ApiError, api, newIdempotencyKey } from '../../lib/api.ts';
import { useTicker } from '../../lib/sse.ts';

export type MissionPriority = Mission['priority'];
type CreateMission = Partial<CreateMissionBody> & { title: string };

/** The board's URL state: the card whose drawer is open. */
export type MissionsSearch = { mission?: string };

export function parseMissionsSearch(search: Record<string, unknown>): MissionsSearch {
  return typeof search.mission === 'string' && /^[0-9a-f-]{36}$/i.test(search.mission)
    ? { mission: search.mission }
    : {};
}

// Restated: the contracts' lists live next to zod, which the SPA must not bundle. `satisfies` keeps
// them in step with the contract types.
export const STATUSES = [
  'DETECTED',
  'INVESTIGATING',
  'FIXING',
  'SHIPPED',
] as const satisfies readonly MissionStatus[];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const satisfies readonly MissionPriority[];

export const STATUS_LABEL: Record<MissionStatus, string> = {
  DETECTED: 'Detected',
  INVESTIGATING: 'Investigating',
  FIXING: 'Fixing',
  SHIPPED: 'Shipped',
};

export const missionsKey = ['missions'] as const;
const PATH = '/api/admin/missions';

export function useMissions() {
  return useQuery({
    queryKey: missionsKey,
    queryFn: ({ signal }) => api<{ missions: Mission[] }>(PATH, { signal }).then((body) => body.missions),
  });
}

export function useMissionTimeline(id: string | undefined) {
  return useQuery({
    queryKey: [...missionsKey, id, 'timeline'],
    enabled: Boolean(id),
    // Actions taken for this card on the Actions tab join it while the board is not watching.
    refetchOnMount: 'always',
    queryFn: ({ signal }) =>
      api<{ events: AuditEvent[] }>(`${PATH}/${id}/timeline`, { signal }).then((body) => body.events),
  });
}

/** A new card, in Detected. The dialog keeps one key while open: a double submit creates one card. */
export function useCreateMission() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateMission; idempotencyKey: string }) =>
      api<{ mission: Mission }>(PATH, { body, idempotencyKey }).then((answer) => answer.mission),
    onSuccess: () => void client.invalidateQueries({ queryKey: missionsKey }),
  });
}

function updateMission(id: string, body: UpdateMissionBody) {
  return api<{ mission: Mission }>(`${PATH}/${id}`, {
    method: 'PATCH',
    body,
    idempotencyKey: newIdempotencyKey(),
  }).then((answer) => answer.mission);
}

/** Replaces one card in the cached board (optimistic moves, 409 answers, saved edits). */
export function useSetMission() {
  const client = useQueryClient();
  return (mission: Mission) =>
    client.setQueryData<Mission[]>(missionsKey, (list) =>
      list ? list.map((each) => (each.id === mission.id ? mission : each)) : list,
    );
}

/** The card as it is now, when a change was refused with 409 because someone changed it first. */
export function conflictOf(error: unknown): Mission | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  return (error.details as { mission?: Mission } | undefined)?.mission;
}

/**
 * Drag and drop: the card moves on the board at once; a refusal puts it back, or where a 409 says
 * it is now. Each move reports its own outcome, however many are in flight.
 */
export function useMoveMission() {
  const client = useQueryClient();
  const setMission = useSetMission();
  const move = useMutation({
    mutationFn: ({ mission, status }: { mission: Mission; status: MissionStatus }) =>
      updateMission(mission.id, { version: mission.version, status }),
    onSuccess: setMission,
    onError: (error, { mission }) => {
      const current = conflictOf(error);
      setMission(current ?? mission);
      if (current)
        toast.warning(`Someone moved this first: “${current.title}” is in ${STATUS_LABEL[current.status]}`);
      else toast.error(error.message);
    },
    onSettled: (_answer, _error, { mission }) =>
      void client.invalidateQueries({ queryKey: [...missionsKey, mission.id, 'timeline'] }),
  });
  return (mission: Mission, status: MissionStatus) => {
    setMission({ ...mission, status });
    move.mutate({ mission, status });
  };
}

export function useUpdateMission() {
  const client = useQueryClient();
  const setMission = useSetMission();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMissionBody }) => updateMission(id, body),
    onSuccess: (mission) => {
      setMission(mission);
      void client.invalidateQueries({ queryKey: [...missionsKey, mission.id, 'timeline'] });
    },
  });
}

/**
 * Other consoles' changes: when the Live Activity stream carries a mission event we have not seen,
 * refetch the board (debounced, so a Health Pulse opening ten cards is one request).
 */
export function useLiveMissions(delayMs = 300) {
  const client = useQueryClient();
  const { events } = useTicker();
  // What was already in the ticker when the board loaded is already in the board we fetched.
  const seen = useRef(events.find((event) => event.subjectType === 'mission')?.id ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const newest = events.find((event) => event.subjectType === 'mission');
    if (!newest || newest.id === seen.current) return;
    seen.current = newest.id;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void client.invalidateQueries({ queryKey: missionsKey });
    }, delayMs);
  }, [events, client, delayMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
}
