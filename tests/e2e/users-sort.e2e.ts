import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';
import { seedMember } from '../support/factories.ts';

const e2e = setupConsole();
const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

describe('Users: sorting by orders, lifetime value and status; the last browser', () => {
  it('sorts from the column headers (in the URL) and shows the last browser truncated with its full text', async () => {
    const big = await seedMember(e2e.app);
    const small = await seedMember(e2e.app, { status: 'suspended' });
    const q = e2e.app.database.sql.query.bind(e2e.app.database.sql);
    await q('UPDATE users SET last_user_agent = $2 WHERE id = $1', [big.userId, UA]);
    for (const [member, amount, orders] of [
      [big, 900, 1],
      [small, 5, 3],
    ] as const) {
      for (let n = 0; n < orders; n++) {
        const [order] = await q<{ id: string }>(
          `INSERT INTO orders (user_id, number, total) VALUES ($1, $2, $3) RETURNING id`,
          [member.userId, `E2E-${member.userId.slice(0, 8)}-${n}`, amount],
        );
        await q(
          `INSERT INTO order_items (order_id, title, quantity, unit_price) VALUES ($1, 'Item', 1, $2)`,
          [order!.id, amount],
        );
      }
    }
    await q('SELECT refresh_user_aggregate()');

    const { page } = await e2e.consolePage('admin');
    await page.goto('/users');
    const rows = page.getByTestId('user-row');
    await rows.first().waitFor();
    const ua = rows.filter({ hasText: big.email }).getByTestId('user-last-ua');
    expect(await ua.getAttribute('title')).toBe(UA);

    await page.getByRole('button', { name: 'LTV' }).click();
    await page.waitForURL(/sort=lifetime_value%3Adesc|sort=lifetime_value:desc/);
    await expect.poll(() => rows.first().textContent()).toContain(big.email);

    await page.getByRole('button', { name: 'Orders' }).click();
    await page.waitForURL(/sort=orders_count/);
    await expect.poll(() => rows.first().textContent()).toContain(small.email);

    await page.getByRole('button', { name: 'Status' }).click();
    await page.waitForURL(/sort=status/);
    // Ascending: active before suspended, so the suspended member is the last row loaded.
    await expect.poll(() => rows.last().textContent()).toContain(small.email);
  });
});
