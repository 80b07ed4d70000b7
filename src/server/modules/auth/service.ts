import { hashPassword } from 'better-auth/crypto';
import { sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/permissions.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { createPasswordAccount, findUserIdByEmail, generatePassword } from '../../platform/auth/accounts.ts';
import { encrypt } from '../../platform/crypto.ts';
import { mutate } from '../../platform/mutation.ts';

export type StaffMember = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  enrolled: boolean;
  grantedAt: Date;
};

/**
 * How to treat an account that existed before it was made staff. Anyone can sign up with any
 * email, so an unverified account may belong to someone squatting the new hire's address: it is
 * refused unless the operator resets its password (printed once, sessions ended) or vouches for it.
 */
export type ExistingAccountPolicy = 'refuse_unverified' | 'reset_password' | 'trust';

/**
 * Makes an account staff with `role`, creating the account (with a generated password, returned
 * once) when the email has none. A new staff member starts with no authenticator and no open
 * sessions, so only someone who signs in afresh can enroll. Optionally pre-enrolls a TOTP secret
 * (the demo accounts).
 */
export async function grantStaff(
  database: Database,
  context: RequestContext,
  input: {
    email: string;
    role: Role;
    totpSecret?: string;
    totpKey?: Buffer;
    password?: string;
    name?: string;
    existing?: ExistingAccountPolicy;
  },
): Promise<{ userId: string; createdPassword: string | null; previousRole: Role | null }> {
  const email = input.email.trim().toLowerCase();
  const { db } = database;
  let userId = await findUserIdByEmail(db, email);
  let createdPassword: string | null = null;
  if (userId) {
    const [account] = await rows<{ verified: boolean; staff: boolean }>(
      db,
      sql`SELECT (u.email_verified OR u.email_verified_at IS NOT NULL) AS verified,
                 EXISTS (SELECT 1 FROM admin_users a WHERE a.user_id = u.id) AS staff
            FROM users u WHERE u.id = ${userId}`,
    );
    const policy = input.existing ?? 'refuse_unverified';
    if (!account?.staff && !account?.verified && policy === 'refuse_unverified') {
      throw new AppError(
        'conflict',
        `${email} already has an account whose email was never verified: it may not belong to the person you mean. ` +
          'Re-run with --reset-password (a new password is printed once and its sessions end) or --existing to vouch for it.',
      );
    }
    if (!account?.staff && policy === 'reset_password') {
      createdPassword = generatePassword();
      const hash = await hashPassword(createdPassword);
      await db.execute(
        sql`UPDATE user_identities SET password = ${hash}, updated_at = now()
             WHERE user_id = ${userId} AND provider = 'credential'`,
      );
    }
  } else {
    createdPassword = input.password ?? generatePassword();
    ({ userId } = await createPasswordAccount(db, {
      email,
      name: input.name ?? email.split('@')[0] ?? email,
      password: createdPassword,
    }));
  }
  const secretEnc = input.totpSecret && input.totpKey ? encrypt(input.totpKey, input.totpSecret) : null;
  const id = userId;
  const previousRole = await mutate(database, context, async (tx) => {
    const [before] = await rows<{ role: Role }>(tx, sql`SELECT role FROM admin_users WHERE user_id = ${id}`);
    const previous = before?.role ?? null;
    // A new staff member: sessions opened before the grant must not carry admin power (nor enroll).
    if (!previous) await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${id}`);
    await tx.execute(sql`
      INSERT INTO admin_users (user_id, role, granted_by, totp_secret_enc, totp_enrolled_at)
      VALUES (${id}, ${input.role}, ${context.actor.id}, ${secretEnc}, ${secretEnc ? sql`now()` : null})
      ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()`);
    return {
      result: previous,
      events: [
        {
          type: previous ? 'staff.role_changed' : 'staff.granted',
          subjectType: 'user',
          subjectId: id,
          payload: {
            email,
            role: input.role,
            previousRole: previous,
            accountCreated: createdPassword !== null,
          },
        },
      ],
    };
  });
  return { userId, createdPassword, previousRole };
}

/** Removes staff access; the account stays a plain member. Their open sessions lose admin at once. */
export async function revokeStaff(database: Database, context: RequestContext, email: string): Promise<void> {
  const userId = await findUserIdByEmail(database.db, email);
  if (!userId) throw new AppError('not_found', `No account for ${email}`);
  await mutate(database, context, async (tx) => {
    const [removed] = await rows<{ role: string }>(
      tx,
      sql`DELETE FROM admin_users WHERE user_id = ${userId} RETURNING role`,
    );
    const role = removed?.role;
    if (!role) throw new AppError('not_found', `${email} is not staff`);
    await tx.execute(sql`UPDATE sessions SET step_up_at = NULL WHERE user_id = ${userId}`);
    return {
      result: undefined,
      events: [
        {
          type: 'staff.revoked',
          subjectType: 'user',
          subjectId: userId,
          payload: { email, previousRole: role },
        },
      ],
    };
  });
}

/** Every staff member with their role and whether they enrolled an authenticator. */
export async function listStaff(db: Db): Promise<StaffMember[]> {
  const staff = await rows<{
    user_id: string;
    email: string;
    name: string;
    role: Role;
    enrolled: boolean;
    granted_at: string;
  }>(
    db,
    sql`SELECT a.user_id, u.email, u.name, a.role, (a.totp_enrolled_at IS NOT NULL) AS enrolled, a.granted_at
          FROM admin_users a JOIN users u ON u.id = a.user_id ORDER BY a.role, u.email`,
  );
  return staff.map((row) => ({
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    enrolled: row.enrolled,
    grantedAt: new Date(row.granted_at),
  }));
}
