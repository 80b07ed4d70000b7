import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type DiscordMessage = { channelId: string; recipientId: string | null; content: string };

/**
 * A local server that speaks the slice of Discord's REST API v10 we use (open a DM channel, post a
 * message), with its auth header, JSON errors and 429 rate limits (`retry_after`, `Retry-After`).
 */
export async function startDiscordServer(token: string) {
  const messages: DiscordMessage[] = [];
  const channels = new Map<string, string>();
  const byNonce = new Map<string, string>();
  const control = {
    /** Post the next message, then answer 500 anyway (the client cannot know it arrived). */
    errorAfterPostNext: 0,
    rateLimitNext: 0,
    retryAfterSeconds: 0.2,
    failRecipients: new Set<string>(),
    requests: 0,
    /** While set, message posts wait for it: a send that is slow to finish. */
    holdPosts: null as Promise<void> | null,
  };
  let nextId = 1_100_000_000_000_000_000n;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    control.requests += 1;
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, string>) : {};
    if (req.headers.authorization !== `Bot ${token}`)
      return send(res, 401, { message: '401: Unauthorized', code: 0 });
    if (control.rateLimitNext > 0) {
      control.rateLimitNext -= 1;
      return send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: control.retryAfterSeconds, global: false },
        { 'retry-after': String(Math.ceil(control.retryAfterSeconds)), 'x-ratelimit-scope': 'user' },
      );
    }
    if (req.method === 'POST' && req.url === '/api/v10/users/@me/channels') {
      const id = `dm-${body.recipient_id}`;
      channels.set(id, body.recipient_id ?? '');
      return send(res, 200, { id, type: 1, recipients: [{ id: body.recipient_id }] });
    }
    const match = /^\/api\/v10\/channels\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method === 'POST' && match) {
      if (control.holdPosts) await control.holdPosts;
      const channelId = match[1]!;
      const recipientId = channels.get(channelId) ?? null;
      if (recipientId && control.failRecipients.has(recipientId)) {
        return send(res, 403, { message: 'Cannot send messages to this user', code: 50007 });
      }
      const nonce =
        body.nonce && (body as { enforce_nonce?: boolean }).enforce_nonce
          ? `${channelId}:${body.nonce}`
          : null;
      if (nonce && byNonce.has(nonce))
        return send(res, 200, { id: byNonce.get(nonce), channel_id: channelId, content: body.content });
      nextId += 1n;
      messages.push({ channelId, recipientId, content: body.content ?? '' });
      if (nonce) byNonce.set(nonce, String(nextId));
      if (control.errorAfterPostNext > 0) {
        control.errorAfterPostNext -= 1;
        return send(res, 500, { message: '500: Internal Server Error', code: 0 });
      }
      return send(res, 200, { id: String(nextId), channel_id: channelId, content: body.content });
    }
    return send(res, 404, { message: '404: Not Found', code: 0 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    messages,
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
