import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const balance = async (userId: string) =>
  Number(
    (
      await t.database.sql.query<{ balance: string }>('SELECT token_balance($1)::text AS balance', [userId])
    )[0]!.balance,
  );

describe('award_tokens() and spend_tokens()', () => {
  it('awards once per source id, even when called again', async () => {
    const member = await createMember(t);
    const first = await t.database.sql.query<{ id: string }>(
      `SELECT (award_tokens($1, 500, 'welcome', 'grant-1')).id::text AS id`,
      [member.userId],
    );
    const again = await t.database.sql.query<{ id: string }>(
      `SELECT (award_tokens($1, 500, 'welcome', 'grant-1')).id::text AS id`,
      [member.userId],
    );
    expect(again[0]!.id).toBe(first[0]!.id);
    expect(await balance(member.userId)).toBe(500);
    await expect(
      t.database.sql.query(`SELECT award_tokens($1, 9, 'other', 'grant-1')`, [member.userId]),
    ).rejects.toThrow(/another award/);
  });

  it('spends once per source id and never below zero', async () => {
    const member = await createMember(t);
    await t.database.sql.query(`SELECT award_tokens($1, 100, 'purchase', 'order-7')`, [member.userId]);
    await t.database.sql.query(`SELECT spend_tokens($1, 60, 'refund', 'refund-7')`, [member.userId]);
    await t.database.sql.query(`SELECT spend_tokens($1, 60, 'refund', 'refund-7')`, [member.userId]);
    expect(await balance(member.userId)).toBe(40);
    await expect(
      t.database.sql.query(`SELECT spend_tokens($1, 41, 'refund', 'refund-8')`, [member.userId]),
    ).rejects.toThrow(/balance too low/);
    expect(await balance(member.userId)).toBe(40);
  });

  it('lets only as many concurrent spends through as the balance covers', async () => {
    const member = await createMember(t);
    await t.database.sql.query(`SELECT award_tokens($1, 100, 'purchase', $2)`, [
      member.userId,
      `order-${member.userId}`,
    ]);
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        t.database.sql.query(`SELECT spend_tokens($1, 30, 'spend', $2)`, [
          member.userId,
          `${member.userId}-s${i}`,
        ]),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(3);
    expect(await balance(member.userId)).toBe(10);
  });

  // Two connections: one holds its spend uncommitted while the other spends the same source id.
  it.runIf(ENGINE === 'postgres')(
    'refuses a source id that an overlapping spend used for another member',
    async () => {
      const [first, second] = [await createMember(t), await createMember(t)];
      for (const member of [first, second]) {
        await t.database.sql.query(`SELECT award_tokens($1, 100, 'purchase', $2)`, [
          member.userId,
          `order-${member.userId}`,
        ]);
      }
      const source = `overlap-${first.userId}`;
      let competing: Promise<unknown> | null = null;
      await t.database.sql.transaction(async (tx) => {
        await tx.query(`SELECT spend_tokens($1, 5, 'refund', $2)`, [first.userId, source]);
        competing = t.database.sql.query(`SELECT spend_tokens($1, 7, 'refund', $2)`, [second.userId, source]);
        competing.catch(() => {});
        // Long enough for the competing call to reach the unique index and wait on it.
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
      await expect(competing).rejects.toThrow(/another spend/);
      expect(await balance(first.userId)).toBe(95);
      expect(await balance(second.userId)).toBe(100);
    },
  );
});
