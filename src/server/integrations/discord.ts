import { REST } from '@discordjs/rest';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/** The longest a message may take to send, 429 waits included (drafts still sending after 30 min are recovered). */
export const SEND_DEADLINE_MS = 5 * 60_000;

/**
 * Discord through its official REST client. It honours 429 answers itself (waits `retry_after`,
 * then sends). It never resends after a timeout or a 5xx: Discord may have posted already. Messages
 * carry a nonce with `enforce_nonce`, so Discord itself keeps one message per nonce.
 */
export class Discord {
  private rest: REST | null;

  constructor(config: Config) {
    this.rest = config.discord
      ? new REST({ api: config.discord.apiUrl, version: '10', retries: 0, timeout: 10_000 }).setToken(
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

  /**
   * Opens (or reuses) the DM channel with a Discord user and posts there, within SEND_DEADLINE_MS in
   * all (429 waits included): past it the outcome is unknown, never left hanging.
   */
  async sendDirectMessage(
    recipientId: string,
    content: string,
    nonce: string,
  ): Promise<{ messageId: string }> {
    const signal = AbortSignal.timeout(SEND_DEADLINE_MS);
    const channel = (await this.client().post('/users/@me/channels', {
      body: { recipient_id: recipientId },
      signal,
    })) as {
      id: string;
    };
    return this.postToChannel(channel.id, content, nonce, signal);
  }

  /** `nonce` (≤ 25 characters) names the message: Discord keeps only one message per nonce. */
  async postToChannel(
    channelId: string,
    content: string,
    nonce: string,
    signal: AbortSignal = AbortSignal.timeout(SEND_DEADLINE_MS),
  ): Promise<{ messageId: string }> {
    const message = (await this.client().post(`/channels/${channelId}/messages`, {
      body: { content, nonce: nonce.slice(0, 25), enforce_nonce: true, allowed_mentions: { parse: [] } },
      signal,
    })) as { id: string };
    return { messageId: message.id };
  }

  /** Whether Discord answered "no" (a 4xx other than 429): the message certainly was not posted. */
  static refused(error: unknown): boolean {
    const status = (error as { status?: number }).status ?? 0;
    return status >= 400 && status < 500 && status !== 429;
  }
}
