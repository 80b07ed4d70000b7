import type { ReactNode } from 'react';
import { ADMIN_ENHANCED_SETTING } from '../../contracts/system.ts';
import { meKey, useMe } from '../modules/auth/auth.api.ts';
import { queryClient } from './query.ts';
import { onLiveEvent } from './sse.ts';

/**
 * ADMIN_ENHANCED (seed 001 §8): the one switch for the seed's new console blocks. `/api/admin/me`
 * reports it; a change in System → Settings reaches every open console as a `setting.changed` event
 * on the live stream, which refetches /me, so the blocks go and come back without a reload.
 * Which blocks count as "enhanced" and which as base: README, "Enhanced console".
 */
onLiveEvent((event) => {
  if (event.type === 'setting.changed' && event.subjectId === ADMIN_ENHANCED_SETTING) {
    void queryClient.invalidateQueries({ queryKey: meKey });
    void queryClient.invalidateQueries({ queryKey: ['settings'] });
  }
});

/** Whether the seed's new blocks are shown (on until /me says otherwise). */
export function useEnhanced(): boolean {
  return useMe().data?.adminEnhanced ?? true;
}

/** Shows its children only while ADMIN_ENHANCED is on (`fallback` otherwise). */
export function Enhanced({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return <>{useEnhanced() ? children : fallback}</>;
}

/** The items of a list (columns, tiles) a console shows: those `isEnhanced` picks only while on. */
export function useEnhancedItems<T>(items: readonly T[], isEnhanced: (item: T) => boolean): T[] {
  const on = useEnhanced();
  return on ? [...items] : items.filter((item) => !isEnhanced(item));
}
