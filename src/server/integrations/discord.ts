import { REST } from '@discordjs/rest';
import type { Config } from '../config.ts';
import { AppError } from '../platform/errors.ts';

/**
 * Discord through its official REST client. The client honours 429 answers itself (it waits
 * `retry_after` and retries); a send that still fails throws, and the caller records it.
 */
export class Discord {
  private rest: REST | null;

  constructor(config: Config) {
    this.rest = config.discord
      ? new REST({ api: config.discord.apiUrl, version: '10', retries: 2, timeout: 10_000 }).setToken(
          config.discord.token,
        )
      : null;
  }

  get configured(): boolean {
    return this.rest !== null;
  }

  get unavailableReason(): string | null {
    return this.rest ? null : 'Discord is not configured (set DISCORD_BOT_TOKEN)';
  }

  private client(): REST {
    if (!this.rest) throw new AppError('not_configured', 'Discord is not configured (set DISCORD_BOT_TOKEN)');
    return this.rest;
  }

  /** Opens (or reuses) the DM channel with a Discord user and posts there. */
  async sendDirectMessage(recipientId: string, content: string): Promise<{ messageId: string }> {
    const channel = (await this.client().post('/users/@me/channels', {
      body: { recipient_id: recipientId },
    })) as { id: string };
    return this.postToChannel(channel.id, content);
  }

  async postToChannel(channelId: string, content: string): Promise<{ messageId: string }> {
    const message = (await this.client().post(`/channels/${channelId}/messages`, {
      body: { content, allowed_mentions: { parse: [] } },
    })) as { id: string };
    return { messageId: message.id };
  }
}
