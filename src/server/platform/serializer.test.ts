import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsersListResponse } from '../../contracts/users.ts';
import { responseSerializer } from './serializer.ts';

const Account = z.object({
  id: z.string(),
  lastIp: z.string().nullable(),
  tags: z.array(z.string()),
  role: z.enum(['user', 'support']),
  seenAt: z.iso.datetime().nullable(),
  note: z.string().optional(),
});
const route = { schema: Account, method: 'GET', url: '/api/example' };
const account = {
  id: 'a1',
  lastIp: '203.0.113.xxx',
  tags: ['vip'],
  role: 'user',
  seenAt: '2026-11-21T08:00:00.000Z',
};

describe('responseSerializer', () => {
  it('writes only the declared fields, whatever else the service returned', () => {
    for (const validate of [true, false]) {
      const write = responseSerializer(validate)(route);
      const text = write({ ...account, passwordHash: 'argon2…', totpSecret: 'JBSW…' });
      expect(JSON.parse(text)).toEqual(account);
      expect(text).not.toMatch(/argon2|JBSW|passwordHash/);
    }
  });

  it('checks each answer against its schema outside production', () => {
    const write = responseSerializer(true)(route);
    expect(() => write({ ...account, role: 'owner' })).toThrow(/match the schema/);
    expect(() => write({ ...account, seenAt: 'yesterday' })).toThrow(/match the schema/);
  });

  it('writes what JSON.stringify of the Zod-encoded answer would', () => {
    const page = {
      rows: [
        {
          id: '00000000-0000-4000-8000-000000000001',
          email: 'ada@example.test',
          name: 'Ada Lovelace',
          firstName: 'Ada',
          lastName: null,
          pictureUrl: null,
          role: 'user',
          status: 'active',
          authProvider: 'both',
          providers: ['password', 'google'],
          emailVerifiedAt: '2026-01-02T03:04:05.000Z',
          mfaEnabled: false,
          lastLoginAt: null,
          lastIp: '198.51.100.xxx',
          sessionsCount: 2,
          ordersCount: 0,
          lifetimeValue: '0.00',
          joined: '2026-01-01T00:00:00.000Z',
        },
      ],
      nextCursor: null,
      total: { value: 1, estimated: false },
    };
    const parsed = UsersListResponse.safeParse(page);
    expect(parsed.error).toBeUndefined();
    const write = responseSerializer(false)({
      schema: UsersListResponse,
      method: 'GET',
      url: '/api/admin/users',
    });
    expect(write(page)).toBe(JSON.stringify(UsersListResponse.encode(page as never)));
  });
});
