import { beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { shot } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  const member = await createMember(e2e.app);
  await e2e.app.database.sql.query(
    `WITH c AS (INSERT INTO categories (name, slug) VALUES ('Prints', 'prints') RETURNING id)
     INSERT INTO submissions (submitter_id, title, description, proposed_price, proposed_category_id, status,
                              reject_reason, reviewed_at, created_at)
     SELECT $1, t.title, 'A member design', 19.5, c.id, t.status, t.reason, CASE WHEN t.status <> 'pending' THEN now() END,
            now() - t.age * interval '1 hour'
       FROM c, (VALUES ('Approve me', 'pending', NULL, 1), ('Reject me', 'pending', NULL, 2),
                       ('Earlier one', 'approved', NULL, 30), ('Earlier two', 'rejected', 'pricing', 40)) t (title, status, reason, age)`,
    [member.userId],
  );
});

describe('Submissions tab', () => {
  it('approves a submission into a draft product and rejects another with a canned reason', async () => {
    const { page, account } = await e2e.consolePage('admin');
    await page.goto('/submissions?status=pending');
    const rows = page.getByTestId('submission-row');
    await rows.filter({ hasText: 'Approve me' }).click();
    const drawer = page.getByTestId('submission-drawer');
    await drawer.waitFor();
    expect(await page.getByTestId('trust-score').textContent()).toBe('50 / 100');
    await shot(page, 'submission-drawer-1440-light');

    await drawer.getByRole('button', { name: /Approve/ }).click();
    const timeline = page.getByTestId('submission-timeline');
    await timeline.getByText(account.email).waitFor();
    const product = await e2e.app.database.sql.query<{ status: string; stock: number }>(
      `SELECT p.status, p.stock FROM products p JOIN submissions s ON s.product_id = p.id WHERE s.title = 'Approve me'`,
    );
    expect(product).toEqual([{ status: 'draft', stock: 0 }]);

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'Reject me' }).click();
    await drawer.waitFor();
    await drawer.getByLabel('Reject because').selectOption('poor_quality');
    await drawer.getByRole('button', { name: 'Reject', exact: true }).click();
    await timeline.getByText('Poor quality').waitFor();
    const rejected = await e2e.app.database.sql.query<{ status: string; reject_reason: string }>(
      `SELECT status, reject_reason FROM submissions WHERE title = 'Reject me'`,
    );
    expect(rejected).toEqual([{ status: 'rejected', reject_reason: 'poor_quality' }]);
    await expect.poll(() => rows.filter({ hasText: 'Reject me' }).count()).toBe(0);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/submissions');
    await rows.first().waitFor();
    await shot(page, 'submissions-390-dark');
  });
});
