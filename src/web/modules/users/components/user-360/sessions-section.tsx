import { LogOut } from 'lucide-react';
import { toast } from 'sonner';
import type { RevealResponse, User360 } from '../../../../../contracts/users.ts';
import { ExportLink } from '../../../../components/export-link.tsx';
import { Button } from '../../../../components/ui/button.tsx';
import { actionErrorMessage } from '../../user-actions.ts';
import { describeUserAgent } from '../../user-agent.ts';
import { USERS_PATH, useRevokeSession } from '../../users.api.ts';
import { cellClass, Empty, Ip, ipOf, MiniTable, Section, Time } from './section.tsx';

/** Live sessions, each revocable; `revokeReason` says why not (the role lacks manage_sessions). */
export function SessionsSection({
  userId,
  sessions,
  now,
  revealed,
  revokeReason,
  onRevokeAll,
}: {
  userId: string;
  sessions: User360['sessions'];
  now: number;
  revealed: RevealResponse['sessions'] | undefined;
  revokeReason: string | null;
  onRevokeAll: () => void;
}) {
  const revoke = useRevokeSession();
  return (
    <Section
      title={`Sessions (${sessions.length})`}
      actions={
        <span className="flex items-center gap-1">
          {sessions.length > 0 && <ExportLink href={`${USERS_PATH}/${userId}/sessions/export`} />}
          {sessions.length > 1 && !revokeReason ? (
            <Button size="sm" variant="ghost" onClick={onRevokeAll}>
              <LogOut className="size-3.5" aria-hidden /> Revoke all
            </Button>
          ) : null}
        </span>
      }
    >
      {sessions.length === 0 ? (
        <Empty>No active sessions: this member is signed out everywhere.</Empty>
      ) : (
        <MiniTable head={['Device', 'IP', 'Created', 'Last seen', '']} testId="user-360-sessions">
          {sessions.map((session) => (
            <tr key={session.id} data-testid="user-360-session">
              <td className={cellClass} title={session.userAgent ?? undefined}>
                {describeUserAgent(session.userAgent)}
              </td>
              <td className={cellClass}>
                <Ip value={ipOf(revealed, session.id, session.ip)} />
              </td>
              <td className={cellClass}>
                <Time iso={session.createdAt} now={now} />
              </td>
              <td className={cellClass}>
                <Time iso={session.lastSeenAt} now={now} />
              </td>
              <td className={`${cellClass} text-right`}>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={revokeReason !== null || revoke.isPending}
                  title={revokeReason ?? undefined}
                  aria-label={`Revoke the ${describeUserAgent(session.userAgent)} session`}
                  onClick={() =>
                    revoke.mutate(session.id, {
                      onSuccess: () => toast.success('Session revoked'),
                      onError: (caught) => toast.error(actionErrorMessage(caught)),
                    })
                  }
                >
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
