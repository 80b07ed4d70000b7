import { createHash } from 'node:crypto';
import { ROLES, type Role } from '../../contracts/permissions.ts';
import type { Database } from '../db/client.ts';
import { grantStaff } from '../modules/auth/index.ts';
import type { RequestContext } from '../platform/audit/append.ts';
import type { Keys } from '../platform/crypto.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export type DemoStaff = { role: Role; email: string; password: string; totpSecret: string };

/**
 * One demo staff account per role, the same on every machine so the README can list them. They
 * exist only on an embedded demo database (never with DATABASE_URL unless asked, never in production).
 */
export const DEMO_STAFF: DemoStaff[] = ROLES.map((role) => {
  const slug = role.replace('_', '-');
  return {
    role,
    email: `${slug}@demo.mission-control.test`,
    password: `mc-demo-${slug}`,
    totpSecret: base32(
      createHash('sha256').update(`mission-control demo totp ${role}`).digest().subarray(0, 20),
    ),
  };
});

const SEED_CONTEXT: RequestContext = {
  actor: { id: null, email: null, role: 'system' },
  requestId: 'demo-seed',
  ip: null,
};

export async function seedDemoStaff(database: Database, keys: Keys): Promise<void> {
  for (const staff of DEMO_STAFF) {
    await grantStaff(database, SEED_CONTEXT, {
      email: staff.email,
      role: staff.role,
      password: staff.password,
      name: `Demo ${staff.role.replace('_', ' ')}`,
      totpSecret: staff.totpSecret,
      totpKey: keys.totp,
    });
  }
}

export async function hasAnyStaff(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM admin_users) AS any');
  return rows[0]?.any === true;
}
