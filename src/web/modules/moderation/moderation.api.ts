import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModerationAction, QueueResponse } from '../../../contracts/moderation.ts';
import { api, newIdempotencyKey, toQuery } from '../../lib/api.ts';

const PATH = '/api/admin/moderation';
export const queueKey = ['moderation', 'queue'] as const;

/** The queue's open flags as CSV, one row per flagged post (platform/export.ts). */
export const FLAGS_EXPORT_HREF = `${PATH}/queue/export`;

export function useQueue() {
  return useInfiniteQuery({
    queryKey: queueKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<QueueResponse>(`${PATH}/queue${toQuery({ pageSize: 25, cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Opening a flagged post's text is recorded (`post.viewed`): a mutation, not a query. */
export function useViewPost() {
  return useMutation({
    mutationFn: (postId: string) =>
      api<{ id: string; body: string; status: string }>(`${PATH}/posts/${postId}/view`, { method: 'POST' }),
  });
}

export function useModerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, action, reason }: { postId: string; action: ModerationAction; reason?: string }) =>
      api<{ post: { id: string; status: string }; resolvedFlags: number }>(
        `${PATH}/posts/${postId}/actions`,
        {
          body: { action, ...(reason ? { reason } : {}) },
          idempotencyKey: newIdempotencyKey(),
        },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: queueKey }),
  });
}

export function useSuspendAuthor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, reason }: { postId: string; reason: string }) =>
      api<{ user: { email: string } }>(`${PATH}/posts/${postId}/suspend-author`, {
        body: { reason },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queueKey }),
  });
}
