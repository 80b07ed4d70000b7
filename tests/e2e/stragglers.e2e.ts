import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { startDiscordServer } from '../support/discord.ts';

const TOKEN = 'e2e-bot-token';
let discord: Awaited<ReturnType<typeof startDiscordServer>>;
beforeAll(async () => {
  discord = await startDiscordServer(TOKEN);
});
afterAll(async () => discord?.close());
const e2e = setupConsole(() => ({ DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl }));

describe('Catch Stragglers from the Actions panel', () => {
  it('drafts, edits, approves and sends one Discord DM with exactly the edited text', async () => {
    const [course] = await e2e.app.database.sql.query<{ id: string }>(
      `INSERT INTO courses (slug, title) VALUES ('vibe', 'Vibe Coding') RETURNING id`,
    );
    const student = await createMember(e2e.app);
    await e2e.app.database.sql.query(`UPDATE users SET name = 'Robin Straggle' WHERE id = $1`, [
      student.userId,
    ]);
    await e2e.app.database.sql.query(
      `INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at) VALUES ($1, $2, now() - interval '60 days', now() - interval '12 days')`,
      [student.userId, course!.id],
    );
    await e2e.app.database.sql.query(
      `INSERT INTO user_identities (user_id, provider, provider_user_id) VALUES ($1, 'discord', '81234567890123999')`,
      [student.userId],
    );

    const { page } = await e2e.consolePage('support');
    await page.goto('/actions');
    const card = page.getByTestId('action-catch-stragglers');
    await card.getByLabel('Idle for at least (days)').fill('7');
    await card.getByRole('button', { name: 'Find stragglers' }).click();
    const row = card.getByTestId('straggler-row').filter({ hasText: student.email });
    await row.waitFor();
    expect(await row.textContent()).toContain('discord');
    // Mail is not configured here: the panel says so.
    await card.getByTestId('channel-reasons').filter({ hasText: 'Email is not configured' }).waitFor();

    await row.getByRole('checkbox').check();
    await card.getByLabel('Tone').selectOption('check_in');
    await card.getByRole('button', { name: /Create drafts/ }).click();
    const draft = card.getByTestId('draft').filter({ hasText: student.email });
    const draftWhen = (status: string) =>
      card
        .getByTestId('draft')
        .and(page.locator(`[data-status="${status}"]`))
        .filter({ hasText: student.email });
    await draft.waitFor();
    expect(await draft.getAttribute('data-status')).toBe('draft');

    const text = `Hi Robin, lesson 4 of Vibe Coding is waiting for you! ${Date.now()}`;
    await draft.getByRole('textbox').fill(text);
    await draft.getByRole('button', { name: 'Save text' }).click();
    await page.getByText('Draft saved').first().waitFor();
    await draft.getByRole('button', { name: 'Approve' }).click();
    await draftWhen('approved').waitFor();
    expect(discord.messages).toHaveLength(0);

    await card.getByRole('button', { name: /Send approved \(1\)/ }).click();
    await card
      .getByTestId('send-results')
      .filter({ hasText: `${student.email}: sent` })
      .waitFor();
    await draftWhen('sent').waitFor();
    expect(discord.messages).toEqual([
      { channelId: 'dm-81234567890123999', recipientId: '81234567890123999', content: text },
    ]);
  });
});
