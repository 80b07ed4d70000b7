import { useState } from 'react';
import type { MeResponse } from '../../../../../contracts/auth.ts';
import type { RevealResponse, User360, UserRow } from '../../../../../contracts/users.ts';
import { Badge } from '../../../../components/ui/badge.tsx';
import { Drawer } from '../../../../components/ui/drawer.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/ui/states.tsx';
import { Enhanced } from '../../../../lib/enhanced.tsx';
import { useNow } from '../../../../lib/time.ts';
import { MemberSignInsChart } from '../../../analytics/components/member-sign-ins-chart.tsx';
import { can } from '../../../auth/auth.api.ts';
import { UserTeamsSection } from '../../../teams/user-teams-section.tsx';
import { type ActionKind, whyNot } from '../../user-actions.ts';
import { useUser360 } from '../../users.api.ts';
import { Avatar, RoleBadge, StatusBadge } from '../user-badges.tsx';
import { UserRevealDialog } from '../user-reveal-dialog.tsx';
import { UserRowActions } from '../user-row-actions.tsx';
import { AccountSection } from './account-section.tsx';
import { ActivitySection } from './activity-section.tsx';
import { AddressesSection } from './addresses-section.tsx';
import { AuthSection } from './auth-section.tsx';
import { CommerceSection } from './commerce-section.tsx';
import { EmailsSection } from './emails-section.tsx';
import { NotesSection } from './notes-section.tsx';
import { SessionsSection } from './sessions-section.tsx';
import { SignInThrottlesSection } from './sign-in-throttles-section.tsx';

/** The 360 as a list row, so the same actions menu (and its rules) serves the drawer. */
function rowOf(data: User360): UserRow {
  return {
    ...data.account,
    authProvider: data.auth.authProvider,
    providers: data.auth.identities.map((identity) => identity.provider),
    emailVerifiedAt: data.account.emailVerified ? data.account.joined : null,
    mfaEnabled: data.auth.mfaEnabled,
    lastLoginAt: data.auth.lastLoginAt,
    lastIp: data.auth.lastIp,
    lastUserAgent: data.auth.lastUserAgent,
    sessionsCount: data.sessions.length,
    ordersCount: data.commerce.ordersCount,
    lifetimeValue: data.commerce.lifetimeValue,
    // Not read by the actions menu; the Teams section below loads the person's teams itself.
    teams: [],
    teamCount: 0,
    onboarding: 'registered',
  };
}

/** The sections of one member; the full IPs, once revealed, live here and nowhere else. */
function Body({
  data,
  me,
  onAction,
}: {
  data: User360;
  me: MeResponse | undefined;
  onAction: (kind: ActionKind, row: UserRow) => void;
}) {
  const now = useNow(30_000);
  const [revealing, setRevealing] = useState(false);
  const [revealed, setRevealed] = useState<RevealResponse | null>(null);
  const { account, auth } = data;
  const row = rowOf(data);

  return (
    <>
      <div className="flex items-center gap-3 px-5 py-4">
        <Avatar name={account.name} email={account.email} pictureUrl={account.pictureUrl} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={account.status} />
            <RoleBadge role={account.role} />
            {auth.mfaEnabled && <Badge tone="green">MFA</Badge>}
          </div>
        </div>
        <UserRowActions row={row} me={me} onOpen={() => {}} onAction={onAction} />
      </div>
      <AccountSection account={account} now={now} />
      <UserTeamsSection userId={account.id} />
      <Enhanced>
        <AuthSection
          auth={auth}
          now={now}
          canReveal={can(me, 'view_pii')}
          revealed={revealed !== null}
          revealedLastIp={revealed?.lastIp ?? null}
          onReveal={() => setRevealing(true)}
        />
        <SessionsSection
          userId={account.id}
          sessions={data.sessions}
          now={now}
          revealed={revealed?.sessions}
          revokeReason={whyNot('revoke-sessions', me)}
          onRevokeAll={() => onAction('revoke-sessions', row)}
        />
        {can(me, 'manage_users') && <SignInThrottlesSection userId={account.id} now={now} />}
        <MemberSignInsChart userId={account.id} />
        <ActivitySection activity={data.activity} now={now} revealed={revealed?.loginEvents} />
        <CommerceSection commerce={data.commerce} now={now} />
        <AddressesSection addresses={data.addresses} />
        <EmailsSection emails={data.emails} now={now} />
        <NotesSection userId={account.id} notes={data.notes} now={now} canAdd={can(me, 'manage_users')} />
      </Enhanced>
      {revealing && (
        <UserRevealDialog
          userId={account.id}
          email={account.email}
          onClose={() => setRevealing(false)}
          onRevealed={setRevealed}
        />
      )}
    </>
  );
}

/** User 360: everything about one member, in a drawer whose open state is `?user=<id>`. */
export function User360Drawer({
  userId,
  me,
  onClose,
  onAction,
}: {
  userId: string | undefined;
  me: MeResponse | undefined;
  onClose: () => void;
  onAction: (kind: ActionKind, row: UserRow) => void;
}) {
  const user = useUser360(userId);
  const data = user.data;
  return (
    <Drawer
      open={Boolean(userId)}
      onOpenChange={(open) => !open && onClose()}
      title={data ? data.account.name || data.account.email : 'Member'}
      description={data ? data.account.email : userId}
    >
      {data ? (
        <div data-testid="user-360">
          {/* A new member (or a closed drawer) starts masked again. */}
          <Body key={data.account.id} data={data} me={me} onAction={onAction} />
        </div>
      ) : user.isError ? (
        <ErrorState
          error={user.error}
          onRetry={() => void user.refetch()}
          title="Could not load this member"
        />
      ) : userId ? (
        <div role="status" aria-label="Loading the member" className="space-y-3 p-5">
          <Skeleton className="h-10 w-1/2" />
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-24 w-full" />
        </div>
      ) : (
        <EmptyState title="No member selected" />
      )}
    </Drawer>
  );
}
