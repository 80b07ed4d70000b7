import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { SqlRunner } from '../../db/client.ts';

/** A readable random password for accounts the CLI creates (printed once, never stored in clear). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Creates a member account with an email + password identity, the way better-auth's sign-up would.
 * Used by the CLI, the demo seed and tests; members themselves sign up through /api/auth.
 */
export async function createPasswordAccount(
  sql: SqlRunner,
  input: { email: string; name: string; password: string },
): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  return sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO users (email, name, auth_provider, email_verified) VALUES ($1, $2, 'password', false) RETURNING id`,
      [email, input.name],
    );
    const userId = rows[0]!.id;
    await tx.query(
      `INSERT INTO user_identities (user_id, provider, provider_user_id, email, password)
       VALUES ($1, 'credential', $2, $3, $4)`,
      [userId, userId, email, hash],
    );
    return { userId };
  });
}

export async function findUserIdByEmail(sql: SqlRunner, email: string): Promise<string | null> {
  const rows = await sql.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
    email.trim().toLowerCase(),
  ]);
  return rows[0]?.id ?? null;
}
