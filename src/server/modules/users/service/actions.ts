import { sql } from 'drizzle-orm';
import type { Role } from '../../../../contracts/permissions.ts';
import type { NoteRow, RevealResponse, UserActionResponse, UserRow } from '../../../../contracts/users.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { EventInput, RequestContext } from '../../../platform/audit/append.ts';
import { type PasswordResets, sendPasswordReset } from '../../../platform/auth/password-reset.ts';
import { alreadyAnswered, type IdempotencyRequest } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';
import { listNotes } from './user-360.ts';
import { loadUserRow } from './user-rows.ts';

type Idempotency = IdempotencyRequest | null | undefined;
type Locked = { id: string; email: string; status: UserRow['status']; mfa_enabled: boolean };

const RANK: Record<Role, number> = { super_admin: 5, admin: 4, developer: 3, support: 2, moderator: 1 };

/**
 * Staff act on a staff account only from a role at least as high as its own: an admin cannot lock
 * out a super_admin, support cannot end an admin's sessions.
 */
async function assertMayActOn(db: Db, context: RequestContext, userId: string): Promise<void> {
  const [target] = await rows<{ role: Role }>(
    db,
    sql`SELECT role FROM admin_users WHERE user_id = ${userId}::uuid`,
  );
  if (!target) return;
  const actorRank = RANK[context.actor.role as Role] ?? 0;
  if (actorRank < RANK[target.role]) {
    throw new AppError('forbidden', `A ${context.actor.role} cannot act on a ${target.role} account`, {
      targetRole: target.role,
    });
  }
}

/** The member's row, locked for the rest of the transaction; 404 when there is none, 403 when outranked. */
export async function lockUser(tx: Db, userId: string, context: RequestContext): Promise<Locked> {
  const found = await rows<Locked>(
    tx,
    sql`SELECT id::text AS id, email, status, mfa_enabled FROM users WHERE id = ${userId}::uuid FOR UPDATE`,
  );
  if (!found[0]) throw new AppError('not_found', `No member ${userId}`);
  await assertMayActOn(tx, context, userId);
  return found[0];
}

async function deleteSessions(tx: Db, userId: string): Promise<number> {
  const deleted = await rows(tx, sql`DELETE FROM sessions WHERE user_id = ${userId}::uuid RETURNING id`);
  return deleted.length;
}

function userEvent(type: string, userId: string, payload: Record<string, unknown> = {}): EventInput {
  return { type, subjectType: 'user', subjectId: userId, payload };
}

/** Ends every session of a member at once (the guard reads sessions on every request). */
export async function revokeUserSessions(
  database: Database,
  context: RequestContext,
  userId: string,
  idempotency?: Idempotency,
): Promise<{ revoked: number }> {
  return mutate(
    database,
    context,
    async (tx) => {
      await lockUser(tx, userId, context);
      const revoked = await deleteSessions(tx, userId);
      return { result: { revoked }, events: [userEvent('user.sessions_revoked', userId, { revoked })] };
    },
    idempotency,
  );
}

/** Ends one session. */
export async function revokeSession(
  database: Database,
  context: RequestContext,
  sessionId: string,
  idempotency?: Idempotency,
): Promise<{ revoked: number }> {
  return mutate(
    database,
    context,
    async (tx) => {
      const deleted = await rows<{ user_id: string }>(
        tx,
        sql`DELETE FROM sessions WHERE id = ${sessionId}::uuid RETURNING user_id::text AS user_id`,
      );
      if (!deleted[0]) throw new AppError('not_found', `No session ${sessionId}`);
      await assertMayActOn(tx, context, deleted[0].user_id);
      return {
        result: { revoked: 1 },
        events: [
          {
            type: 'session.revoked',
            subjectType: 'session',
            subjectId: sessionId,
            payload: { userId: deleted[0].user_id },
          },
        ],
      };
    },
    idempotency,
  );
}

/**
 * Mails the member a reset link and ends their sessions. The mail goes first, outside the
 * transaction (better-auth writes its token on its own connection); a replayed key mails nothing.
 */
export async function requestPasswordReset(
  deps: { database: Database } & PasswordResets,
  context: RequestContext,
  userId: string,
  idempotency?: Idempotency,
): Promise<UserActionResponse> {
  const { database, mailer } = deps;
  if (!mailer.configured)
    throw new AppError('not_configured', mailer.unavailableReason ?? 'Mail is not configured');
  // A replayed key mails nothing: `mutate` below replays the stored answer.
  if (!(await alreadyAnswered(database.db, context.actor.id, idempotency))) {
    const found = await rows<{ email: string; status: string }>(
      database.db,
      sql`SELECT email, status FROM users WHERE id = ${userId}::uuid`,
    );
    if (!found[0]) throw new AppError('not_found', `No member ${userId}`);
    if (found[0].status === 'deleted') throw new AppError('conflict', 'This member is deleted');
    await assertMayActOn(database.db, context, userId);
    await sendPasswordReset(deps, found[0].email);
  }
  return mutate(
    database,
    context,
    async (tx) => {
      await lockUser(tx, userId, context);
      const revoked = await deleteSessions(tx, userId);
      return {
        result: { user: await loadUserRow(tx, userId) },
        events: [userEvent('user.password_reset_requested', userId, { sessionsRevoked: revoked })],
      };
    },
    idempotency,
  );
}

/** Turns a member's MFA off (409 when it is already off). */
export async function disableMfa(
  database: Database,
  context: RequestContext,
  userId: string,
  idempotency?: Idempotency,
): Promise<UserActionResponse> {
  return mutate(
    database,
    context,
    async (tx) => {
      const user = await lockUser(tx, userId, context);
      if (!user.mfa_enabled) throw new AppError('conflict', 'MFA is already off for this member');
      await tx.execute(
        sql`UPDATE users SET mfa_enabled = false, updated_at = now() WHERE id = ${userId}::uuid`,
      );
      return {
        result: { user: await loadUserRow(tx, userId) },
        events: [userEvent('user.mfa_disabled', userId)],
      };
    },
    idempotency,
  );
}

/**
 * Changes an existing staff member's role. Never creates staff (that is CLI-only) and never lets
 * the caller change their own role. The guard reads admin_users on every request, so the member's
 * next request is judged by the new role.
 */
export async function changeStaffRole(
  database: Database,
  context: RequestContext,
  input: { userId: string; role: Role },
  idempotency?: Idempotency,
): Promise<UserActionResponse> {
  return mutate(
    database,
    context,
    async (tx) => {
      await lockUser(tx, input.userId, context);
      if (input.userId === context.actor.id)
        throw new AppError('conflict', 'You cannot change your own role');
      const staff = await rows<{ role: Role }>(
        tx,
        sql`SELECT role FROM admin_users WHERE user_id = ${input.userId}::uuid FOR UPDATE`,
      );
      const from = staff[0]?.role;
      if (!from)
        throw new AppError(
          'conflict',
          'This member is not staff; staff access is granted from the command line',
        );
      if (from === input.role) throw new AppError('conflict', `This staff member is already ${input.role}`);
      await tx.execute(
        sql`UPDATE admin_users SET role = ${input.role}, updated_at = now() WHERE user_id = ${input.userId}::uuid`,
      );
      return {
        result: { user: await loadUserRow(tx, input.userId) },
        events: [userEvent('staff.role_changed', input.userId, { from, to: input.role })],
      };
    },
    idempotency,
  );
}

type Transition = {
  event: string;
  to: UserRow['status'];
  from: UserRow['status'][];
  endSessions: boolean;
  notSelf: boolean;
};

const TRANSITIONS = {
  suspend: { event: 'user.suspended', to: 'suspended', from: ['active'], endSessions: true, notSelf: true },
  enable: { event: 'user.enabled', to: 'active', from: ['suspended'], endSessions: false, notSelf: false },
  delete: {
    event: 'user.deleted',
    to: 'deleted',
    from: ['active', 'suspended'],
    endSessions: true,
    notSelf: true,
  },
} satisfies Record<string, Transition>;

export type StatusAction = keyof typeof TRANSITIONS;

/**
 * Suspends, enables or soft-deletes a member. Suspension and deletion end every session in the same
 * transaction; deletion keeps the row (status `deleted`). Staff cannot do either to themselves.
 */
export async function changeStatus(
  database: Database,
  context: RequestContext,
  input: { userId: string; action: StatusAction; reason?: string | undefined },
  idempotency?: Idempotency,
): Promise<UserActionResponse> {
  const transition: Transition = TRANSITIONS[input.action];
  return mutate(
    database,
    context,
    async (tx) => {
      const user = await lockUser(tx, input.userId, context);
      if (transition.notSelf && input.userId === context.actor.id)
        throw new AppError('conflict', `You cannot ${input.action} your own account`);
      if (!transition.from.includes(user.status))
        throw new AppError('conflict', `Cannot ${input.action} a member who is ${user.status}`, {
          status: user.status,
        });
      await tx.execute(
        sql`UPDATE users SET status = ${transition.to}, updated_at = now() WHERE id = ${input.userId}::uuid`,
      );
      const sessionsRevoked = transition.endSessions ? await deleteSessions(tx, input.userId) : 0;
      const payload: Record<string, unknown> = { from: user.status };
      if (input.reason !== undefined) payload.reason = input.reason;
      if (transition.endSessions) payload.sessionsRevoked = sessionsRevoked;
      return {
        result: { user: await loadUserRow(tx, input.userId) },
        events: [userEvent(transition.event, input.userId, payload)],
      };
    },
    idempotency,
  );
}

/** Adds a staff note to a member; answers the note as written. */
export async function addNote(
  database: Database,
  context: RequestContext,
  input: { userId: string; body: string },
  idempotency?: Idempotency,
): Promise<NoteRow> {
  return mutate(
    database,
    context,
    async (tx) => {
      await lockUser(tx, input.userId, context);
      const inserted = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO notes (user_id, author_id, body) VALUES (${input.userId}::uuid, ${context.actor.id}, ${input.body})
            RETURNING id::text AS id`,
      );
      const noteId = inserted[0]!.id;
      const [note] = await listNotes(tx, input.userId, sql`n.id = ${noteId}::bigint`);
      return {
        result: note!,
        events: [userEvent('user.note_added', input.userId, { noteId, body: input.body })],
      };
    },
    idempotency,
  );
}

/**
 * The member's full IPs (last IP, live sessions, last 50 sign-ins) for someone holding view_pii,
 * with a `pii.revealed` event in the same transaction: no reveal without its audit row.
 */
export async function revealIps(
  database: Database,
  context: RequestContext,
  input: { userId: string; reason: string },
): Promise<RevealResponse> {
  return mutate(database, context, async (tx) => {
    const users = await rows<{ last_ip: string | null }>(
      tx,
      sql`SELECT host(last_ip) AS last_ip FROM users WHERE id = ${input.userId}::uuid`,
    );
    if (!users[0]) throw new AppError('not_found', `No member ${input.userId}`);
    const sessions = await rows<{ id: string; ip: string | null }>(
      tx,
      sql`SELECT id::text AS id, host(ip) AS ip FROM sessions
           WHERE user_id = ${input.userId}::uuid AND expires_at > now() ORDER BY sessions.last_seen_at DESC, sessions.id`,
    );
    const loginEvents = await rows<{ id: string; ip: string | null }>(
      tx,
      sql`SELECT id::text AS id, host(ip) AS ip FROM login_events
           WHERE user_id = ${input.userId}::uuid ORDER BY login_events.created_at DESC, login_events.id DESC LIMIT 50`,
    );
    return {
      result: { lastIp: users[0].last_ip, sessions, loginEvents },
      events: [
        {
          type: 'pii.revealed',
          subjectType: 'user',
          subjectId: input.userId,
          payload: { userId: input.userId, field: 'ip', reason: input.reason },
        },
      ],
    };
  });
}
