import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ShieldOff } from 'lucide-react';
import { toast } from 'sonner';
import type { ClearedThrottlesResponse, SignInThrottlesResponse } from '../../../../../contracts/users.ts';
import { Button } from '../../../../components/ui/button.tsx';
import { ErrorState, Skeleton } from '../../../../components/ui/states.tsx';
import { api, newIdempotencyKey } from '../../../../lib/api.ts';
import { actionErrorMessage } from '../../user-actions.ts';
import { USERS_PATH, userKey } from '../../users.api.ts';
import { cellClass, Empty, Ip, MiniTable, Section, Time } from './section.tsx';

/**
 * Failed sign-ins holding this member back (manage_users only): each client IP's growing wait, and
 * the ceiling across every IP (`*`). Clearing lifts them all, audited.
 */
export function SignInThrottlesSection({ userId, now }: { userId: string; now: number }) {
  const client = useQueryClient();
  const key = [...userKey(userId), 'sign-in-throttles'];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<SignInThrottlesResponse>(`${USERS_PATH}/${userId}/sign-in-throttles`, { signal }),
  });
  const clear = useMutation({
    mutationFn: () =>
      api<ClearedThrottlesResponse>(`${USERS_PATH}/${userId}/sign-in-throttles/clear`, {
        body: {},
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: ({ cleared }) =>
      toast.success(`Cleared ${cleared} sign-in throttle${cleared === 1 ? '' : 's'}`),
    onError: (caught) => toast.error(actionErrorMessage(caught)),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const throttles = query.data?.throttles ?? [];
  const blocked = throttles.filter((throttle) => throttle.blockedUntil !== null).length;
  return (
    <Section
      title={blocked > 0 ? `Sign-in throttles (${blocked} waiting)` : 'Sign-in throttles'}
      actions={
        throttles.length > 0 ? (
          <Button size="sm" variant="ghost" disabled={clear.isPending} onClick={() => clear.mutate()}>
            <ShieldOff className="size-3.5" aria-hidden /> Clear
          </Button>
        ) : null
      }
    >
      {query.isPending ? (
        <div className="px-5">
          <Skeleton className="h-8" />
        </div>
      ) : query.isError ? (
        <div className="px-5">
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </div>
      ) : throttles.length === 0 ? (
        <Empty>No failed sign-ins in the last day: nothing holds this member back.</Empty>
      ) : (
        <MiniTable head={['From', 'Failures', 'Last failure', 'Waiting until']} testId="user-360-throttles">
          {throttles.map((throttle) => (
            <tr key={throttle.clientIp + throttle.lastFailureAt} data-testid="user-360-throttle">
              <td className={cellClass}>
                {throttle.clientIp === '*' ? (
                  'Every address (account ceiling)'
                ) : (
                  <Ip value={throttle.clientIp} />
                )}
              </td>
              <td className={`${cellClass} tabular-nums`}>{throttle.failures}</td>
              <td className={cellClass}>
                <Time iso={throttle.lastFailureAt} now={now} />
              </td>
              <td className={cellClass}>
                {throttle.blockedUntil ? <Time iso={throttle.blockedUntil} now={now} /> : 'not waiting'}
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
