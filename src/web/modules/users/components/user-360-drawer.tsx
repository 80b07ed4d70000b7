import { Eye, EyeOff, LogOut } from 'lucide-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { toast } from 'sonner';
import type { MeResponse } from '../../../../contracts/auth.ts';
import type { RevealResponse, User360, UserRow } from '../../../../contracts/users.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Facts } from '../../../components/ui/card.tsx';
import { Drawer } from '../../../components/ui/drawer.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../components/ui/states.tsx';
import { dateTime, relativeTime, useNow } from '../../../lib/time.ts';
import { can } from '../../auth/auth.api.ts';
import { type ActionKind, actionErrorMessage, whyNot } from '../user-actions.ts';
import { describeUserAgent } from '../user-agent.ts';
import { useAddNote, useRevokeSession, useUser360 } from '../users.api.ts';
import { Avatar, formatMoney, RoleBadge, StatusBadge } from './user-badges.tsx';
import { UserRevealDialog } from './user-reveal-dialog.tsx';
import { UserRowActions } from './user-row-actions.tsx';
import { PROVIDER_LABEL } from './users-filters.tsx';

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-label={title} className="border-b border-zinc-100 py-3 dark:border-zinc-800/70">
      <header className="flex items-center justify-between px-5 pb-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

function Time({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={iso} title={dateTime(iso)} className="whitespace-nowrap tabular-nums">
      {relativeTime(iso, now)}
    </time>
  );
}

const cellClass = 'px-2 py-1.5 align-top first:pl-5 last:pr-5';
const headClass = 'px-2 py-1 font-medium first:pl-5 last:pr-5';
function MiniTable({ head, children, testId }: { head: string[]; children: ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead className="text-[10px] tracking-wide text-zinc-400 uppercase">
          <tr>
            {head.map((label) => (
              <th key={label} scope="col" className={headClass}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 text-zinc-700 dark:divide-zinc-800/70 dark:text-zinc-300">
          {children}
        </tbody>
      </table>
    </div>
  );
}

function Ip({ value }: { value: string | null }) {
  return <span className="font-mono whitespace-nowrap">{value ?? '—'}</span>;
}

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
    sessionsCount: data.sessions.length,
    ordersCount: data.commerce.ordersCount,
    lifetimeValue: data.commerce.lifetimeValue,
  };
}

function NoteForm({ userId }: { userId: string }) {
  const add = useAddNote();
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) {
      setError('Write something first.');
      return;
    }
    setError(null);
    add.mutate(
      { userId, body },
      {
        onSuccess: () => {
          form.reset();
          toast.success('Note added');
        },
        onError: (caught) => setError(actionErrorMessage(caught)),
      },
    );
  }
  return (
    <form onSubmit={submit} className="mt-2 space-y-2 px-5" aria-label="Add a note">
      <label htmlFor="note-body" className="sr-only">
        New note
      </label>
      <textarea
        id="note-body"
        name="body"
        maxLength={5000}
        placeholder="Add a note for other staff…"
        className="min-h-16 w-full rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      />
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" size="sm" variant="primary" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Add note'}
        </Button>
      </div>
    </form>
  );
}

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
  const [revealed, setRevealed] = useState<{ data: RevealResponse; reason: string } | null>(null);
  const revoke = useRevokeSession();
  const revokeReason = whyNot('revoke-sessions', me);
  const sessionIp = new Map(revealed?.data.sessions.map((s) => [s.id, s.ip]));
  const eventIp = new Map(revealed?.data.loginEvents.map((e) => [e.id, e.ip]));
  const ipOf = (map: Map<string, string | null>, id: string, masked: string | null) =>
    map.has(id) ? (map.get(id) ?? null) : masked;
  const { account, auth, commerce } = data;
  const row = rowOf(data);

  const revealControl = can(me, 'view_pii') ? (
    revealed ? (
      <span className="inline-flex items-center gap-1 text-[11px] text-amber-700 dark:text-amber-400">
        <Eye className="size-3.5" aria-hidden /> Full IPs shown (audited)
      </span>
    ) : (
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setRevealing(true)}
        aria-label="Reveal full IP addresses"
        data-testid="reveal-ips"
      >
        <EyeOff className="size-3.5" aria-hidden /> IPs masked
      </Button>
    )
  ) : null;

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

      <Section title="Account">
        <Facts
          rows={[
            ['Email', account.email],
            ['Name', account.name || '—'],
            ['First / last', `${account.firstName ?? '—'} / ${account.lastName ?? '—'}`],
            ['Joined', <Time key="joined" iso={account.joined} now={now} />],
            ['Email verified', account.emailVerified ? 'Yes' : 'No'],
            ['Marketing opt-in', account.marketingOptIn ? 'Yes' : 'No'],
            [
              'Stripe customer',
              <span key="stripe" className="font-mono text-xs">
                {account.stripeCustomerId ?? '—'}
              </span>,
            ],
            [
              'User id',
              <span key="id" className="font-mono text-xs">
                {account.id}
              </span>,
            ],
          ]}
        />
      </Section>

      <Section title="Auth & security" actions={revealControl}>
        <Facts
          rows={[
            ['Provider', auth.authProvider ? PROVIDER_LABEL[auth.authProvider] : '—'],
            ['MFA', auth.mfaEnabled ? 'On' : 'Off'],
            ['Last login', <Time key="last" iso={auth.lastLoginAt} now={now} />],
            [
              'Last IP',
              <span key="ip" data-testid="user-360-last-ip">
                <Ip value={revealed ? revealed.data.lastIp : auth.lastIp} />
              </span>,
            ],
            [
              'Last device',
              <span key="ua" title={auth.lastUserAgent ?? undefined}>
                {describeUserAgent(auth.lastUserAgent)}
              </span>,
            ],
          ]}
        />
        {auth.identities.length > 0 && (
          <MiniTable head={['Linked provider', 'Provider user id', 'Email', 'Linked']}>
            {auth.identities.map((identity) => (
              <tr key={`${identity.provider}:${identity.providerUserId}`}>
                <td className={cellClass}>
                  {identity.provider === 'credential' ? 'password' : identity.provider}
                </td>
                <td className={`${cellClass} font-mono break-all`}>{identity.providerUserId}</td>
                <td className={cellClass}>{identity.email ?? '—'}</td>
                <td className={cellClass}>
                  <Time iso={identity.createdAt} now={now} />
                </td>
              </tr>
            ))}
          </MiniTable>
        )}
      </Section>

      <Section
        title={`Sessions (${data.sessions.length})`}
        actions={
          data.sessions.length > 1 && !revokeReason ? (
            <Button size="sm" variant="ghost" onClick={() => onAction('revoke-sessions', row)}>
              <LogOut className="size-3.5" aria-hidden /> Revoke all
            </Button>
          ) : null
        }
      >
        {data.sessions.length === 0 ? (
          <p className="px-5 text-xs text-zinc-500">
            No active sessions: this member is signed out everywhere.
          </p>
        ) : (
          <MiniTable head={['Device', 'IP', 'Created', 'Last seen', '']} testId="user-360-sessions">
            {data.sessions.map((session) => (
              <tr key={session.id} data-testid="user-360-session">
                <td className={cellClass} title={session.userAgent ?? undefined}>
                  {describeUserAgent(session.userAgent)}
                </td>
                <td className={cellClass}>
                  <Ip value={ipOf(sessionIp, session.id, session.ip)} />
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

      <Section title="Activity">
        {data.activity.length === 0 ? (
          <p className="px-5 text-xs text-zinc-500">No sign-in attempts recorded.</p>
        ) : (
          <MiniTable head={['Result', 'Provider', 'IP', 'Device', 'When']} testId="user-360-activity">
            {data.activity.map((event) => (
              <tr key={event.id}>
                <td className={cellClass}>
                  {event.success ? (
                    <Badge tone="green">success</Badge>
                  ) : (
                    <Badge tone="red">{event.errorCode ?? 'failed'}</Badge>
                  )}
                </td>
                <td className={cellClass}>
                  {event.provider}
                  <span className="text-zinc-400"> · {event.method}</span>
                </td>
                <td className={cellClass}>
                  <Ip value={ipOf(eventIp, event.id, event.ip)} />
                </td>
                <td className={cellClass} title={event.userAgent ?? undefined}>
                  {describeUserAgent(event.userAgent)}
                </td>
                <td className={cellClass}>
                  <Time iso={event.createdAt} now={now} />
                </td>
              </tr>
            ))}
          </MiniTable>
        )}
      </Section>

      <Section title="Commerce">
        <Facts
          rows={[
            ['Orders', commerce.ordersCount],
            ['Lifetime value', formatMoney(commerce.lifetimeValue)],
            ['Last order', <Time key="last-order" iso={commerce.lastOrderAt} now={now} />],
          ]}
        />
        {commerce.recentOrders.length > 0 && (
          <MiniTable head={['Order', 'Status', 'Total', 'When']}>
            {commerce.recentOrders.map((order) => (
              <tr key={order.id}>
                <td className={`${cellClass} font-mono`}>{order.number}</td>
                <td className={cellClass}>{order.status}</td>
                <td className={`${cellClass} tabular-nums`}>
                  {formatMoney(order.total)} {order.currency.toUpperCase()}
                </td>
                <td className={cellClass}>
                  <Time iso={order.createdAt} now={now} />
                </td>
              </tr>
            ))}
          </MiniTable>
        )}
      </Section>

      <Section title="Addresses">
        {data.addresses.length === 0 ? (
          <p className="px-5 text-xs text-zinc-500">No saved addresses.</p>
        ) : (
          <ul className="grid gap-2 px-5 sm:grid-cols-2">
            {data.addresses.map((address) => (
              <li
                key={address.id}
                className="rounded-md border border-zinc-200 p-2 text-xs text-zinc-700 dark:border-zinc-800 dark:text-zinc-300"
              >
                <p className="mb-1 flex gap-1.5">
                  <Badge>{address.kind}</Badge>
                  {address.isDefault && <Badge tone="blue">default</Badge>}
                </p>
                {address.name && <p>{address.name}</p>}
                <p>{address.line1}</p>
                {address.line2 && <p>{address.line2}</p>}
                <p>
                  {[address.postalCode, address.city, address.region].filter(Boolean).join(' ')} ·{' '}
                  {address.country}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Emails">
        {data.emails.length === 0 ? (
          <p className="px-5 text-xs text-zinc-500">No transactional mail sent.</p>
        ) : (
          <MiniTable head={['Template', 'Subject', 'Status', 'When']}>
            {data.emails.map((email) => (
              <tr key={email.id}>
                <td className={`${cellClass} font-mono`}>{email.template}</td>
                <td className={cellClass}>{email.subject}</td>
                <td className={cellClass} title={email.error ?? undefined}>
                  <Badge
                    tone={email.status === 'sent' ? 'green' : email.status === 'failed' ? 'red' : 'neutral'}
                  >
                    {email.status}
                  </Badge>
                </td>
                <td className={cellClass}>
                  <Time iso={email.sentAt ?? email.createdAt} now={now} />
                </td>
              </tr>
            ))}
          </MiniTable>
        )}
      </Section>

      <Section title={`Notes (${data.notes.length})`}>
        {data.notes.length === 0 ? (
          <p className="px-5 text-xs text-zinc-500">No notes yet.</p>
        ) : (
          <ul className="space-y-2 px-5" data-testid="user-360-notes">
            {data.notes.map((note) => (
              <li key={note.id} className="rounded-md bg-zinc-50 p-2 text-sm dark:bg-zinc-900">
                <p className="whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{note.body}</p>
                <p className="mt-1 text-[11px] text-zinc-400">
                  {note.authorEmail ?? 'system'} · <Time iso={note.createdAt} now={now} />
                </p>
              </li>
            ))}
          </ul>
        )}
        {can(me, 'manage_users') && <NoteForm userId={account.id} />}
      </Section>

      {revealing && (
        <UserRevealDialog
          userId={account.id}
          email={account.email}
          onClose={() => setRevealing(false)}
          onRevealed={(result, reason) => setRevealed({ data: result, reason })}
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
