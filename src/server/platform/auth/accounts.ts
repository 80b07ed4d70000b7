import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';

/** A readable random password for accounts the CLI creates (printed once, never stored in clear). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Creates a member account with an email + password identity, the way better-auth's sign-up would.
 * Used by the staff grant, the demo seed and tests; members themselves sign up through /api/auth.
 */
export async function createPasswordAccount(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO users (email, name, auth_provider, email_verified)
          VALUES (${email}, ${input.name}, 'password', false) RETURNING id`,
    );
    const userId = user!.id;
    await tx.execute(sql`
      INSERT INTO user_identities (user_id, provider, provider_user_id, email, password)
      VALUES (${userId}, 'credential', ${userId}, ${email}, ${hash})`);
    return { userId };
  });
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const [user] = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM users WHERE email = ${email.trim().toLowerCase()}`,
  );
  return user?.id ?? null;
}
