import type { ReactNode } from 'react';
import { Button } from './ui/button.tsx';
import { ErrorState, SkeletonRows } from './ui/states.tsx';

/** What a keyset list needs from TanStack's useInfiniteQuery (its result fits as is). */
export type PagedQuery = {
  error: unknown;
  data: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  fetchNextPage: () => unknown;
  isFetchingNextPage: boolean;
};

/**
 * The four states of a keyset-paged list (error with retry, skeleton, empty, data) and its
 * "Load more", so every list reads and behaves the same; `children` is the data state.
 */
export function PagedList({
  list,
  count,
  loading,
  errorTitle,
  empty,
  children,
}: {
  list: PagedQuery;
  /** Rows loaded so far: 0 shows `empty`. */
  count: number;
  loading: { rows: number; label: string };
  errorTitle?: string;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (list.error)
    return <ErrorState error={list.error} onRetry={() => void list.refetch()} title={errorTitle} />;
  if (!list.data) return <SkeletonRows rows={loading.rows} label={loading.label} />;
  if (count === 0) return <>{empty}</>;
  return (
    <>
      {children}
      {list.hasNextPage && (
        <div className="flex justify-center p-3">
          <LoadMore list={list} />
        </div>
      )}
    </>
  );
}

/** The next page's button; disabled while that page is on its way. */
export function LoadMore({ list }: { list: PagedQuery }) {
  return (
    <Button size="sm" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </Button>
  );
}
