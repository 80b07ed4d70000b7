import { createContext, type ReactNode, useContext } from 'react';

/**
 * The card the Actions tab was opened from (`/actions?mission=<id>`, the drawer's "Act on this
 * card"). Every action card adds it to what it commits, so the outcome joins that card's timeline;
 * without it the server records the work as a new SHIPPED card (missions/board.ts).
 */
const FromMissionContext = createContext<string | undefined>(undefined);

export function FromMissionProvider({
  missionId,
  children,
}: {
  missionId: string | undefined;
  children: ReactNode;
}) {
  return <FromMissionContext.Provider value={missionId}>{children}</FromMissionContext.Provider>;
}

/** `{ missionId }` to spread into an action's body, or nothing when acting from the panel. */
export function useFromMission(): { missionId?: string } {
  const missionId = useContext(FromMissionContext);
  return missionId ? { missionId } : {};
}

/** `?mission=<uuid>` on /actions; anything else is dropped. */
export function parseActionsSearch(search: Record<string, unknown>): { mission?: string } {
  return typeof search.mission === 'string' && /^[0-9a-f-]{36}$/i.test(search.mission)
    ? { mission: search.mission }
    : {};
}
