import { describe, expect, it } from 'vitest';
import { createMember } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';

const e2e = setupConsole({ MAX_GRANT_PER_CALL: '500' });

describe('Grant Tokens from the Actions panel', () => {
  it('previews the balance, refuses more than the cap, and grants once however often Commit is pressed', async () => {
    const member = await createMember(e2e.app);
    const { page } = await e2e.consolePage('admin');
    await page.goto('/actions');
    const card = page.getByTestId('action-grant-tokens');
    await card.getByLabel('Member (email, name or id)').fill(member.userId);
    await card.getByLabel('Amount').fill('900');
    await card.getByLabel('Reason').fill('helped in the forum');
    await card.getByRole('button', { name: 'Preview' }).click();
    await card.getByText('must be at most 500').waitFor();

    await card.getByLabel('Amount').fill('250');
    await card.getByRole('button', { name: 'Preview' }).click();
    await card.getByTestId('grant-preview').waitFor();
    expect(await card.getByTestId('grant-preview').textContent()).toMatch(/Balance before\s*0.*After\s*250/s);
    const commit = card.getByRole('button', { name: 'Commit grant' });
    await commit.dblclick();
    await page.getByText(`Granted 250 tokens to ${member.email}`).first().waitFor();
    const ledger = await e2e.app.database.sql.query<{ amount: number }>(
      'SELECT amount FROM token_ledger WHERE user_id = $1',
      [member.userId],
    );
    expect(ledger).toEqual([{ amount: 250 }]);
  });
});
