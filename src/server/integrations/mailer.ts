import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { type Db, rows } from '../db/client.ts';
import { AppError } from '../errors.ts';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  template: string;
  userId?: string | null;
};

/**
 * Transactional mail over SMTP (nodemailer). Every message is logged in `emails` with its outcome,
 * so a member's 360 view shows what we sent them. Unconfigured → `not_configured`, nothing crashes.
 * In development without SMTP (`config.mailOutbox`) a message is kept whole in `dev_outbox`
 * instead, counted as sent, so resets and straggler mail can be tried and read in the console.
 */
export class Mailer {
  private transport: Transporter | null;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
  ) {
    // Every SMTP step has a deadline, so a send ends well within the 30 minutes after which a draft
    // still marked as sending is taken for interrupted.
    this.transport = config.smtp
      ? nodemailer.createTransport({
          url: config.smtp.url,
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null || this.outbox;
  }

  /** True when mail goes to the local outbox rather than a mail server. */
  get outbox(): boolean {
    return this.transport === null && this.config.mailOutbox;
  }

  /** Why mail is unavailable, for buttons to show; null when it works. */
  get unavailableReason(): string | null {
    return this.configured ? null : 'Mail is not configured (set SMTP_URL)';
  }

  async send(message: MailMessage): Promise<{ emailId: string }> {
    if (this.outbox) return this.keep(message);
    if (!this.transport || !this.config.smtp)
      throw new AppError('not_configured', 'Mail is not configured (set SMTP_URL)');
    const [logged] = await rows<{ id: string }>(
      this.db,
      sql`INSERT INTO emails (user_id, to_address, template, subject, status)
          VALUES (${message.userId ?? null}, ${message.to}, ${message.template}, ${message.subject}, 'queued')
          RETURNING id::text AS id`,
    );
    const emailId = logged!.id;
    try {
      const info = await this.transport.sendMail({
        from: this.config.smtp.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      await this.db.execute(
        sql`UPDATE emails SET status = 'sent', sent_at = now(), provider_message_id = ${info.messageId ?? null}
             WHERE id = ${emailId}::bigint`,
      );
      return { emailId };
    } catch (error) {
      await this.db.execute(
        sql`UPDATE emails SET status = 'failed', error = ${(error as Error).message.slice(0, 500)}
             WHERE id = ${emailId}::bigint`,
      );
      throw new AppError(
        'not_configured',
        `The mail server refused the message: ${(error as Error).message}`,
      );
    }
  }

  /** The outbox: the `emails` row (sent) and the whole message, in one statement. */
  private async keep(message: MailMessage): Promise<{ emailId: string }> {
    const [kept] = await rows<{ id: string }>(
      this.db,
      sql`WITH logged AS (
            INSERT INTO emails (user_id, to_address, template, subject, status, provider_message_id, sent_at)
            VALUES (${message.userId ?? null}, ${message.to}, ${message.template}, ${message.subject}, 'sent', 'dev-outbox', now())
            RETURNING id
          )
          INSERT INTO dev_outbox (email_id, to_address, subject, body)
          SELECT id, ${message.to}, ${message.subject}, ${message.text} FROM logged
          RETURNING email_id::text AS id`,
    );
    return { emailId: kept!.id };
  }

  close() {
    this.transport?.close();
  }
}
