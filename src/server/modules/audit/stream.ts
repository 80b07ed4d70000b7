import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAuditOnlyType } from '../../../contracts/audit.ts';
import { hasPermission, type Role } from '../../../contracts/permissions.ts';
import { rows } from '../../db/client.ts';
import { eventsAfter } from '../../platform/audit/hub.ts';
import { EVENT_COLUMNS, type EventRow, toAuditEvent } from '../../platform/audit/rows.ts';
import { loadSession, stepUpExpiry } from '../../platform/auth/session.ts';
import type { Platform } from '../../platform/types.ts';

const HEARTBEAT_MS = 15_000;
const SESSION_CHECK_MS = 30_000;
const BACKLOG = 30;
/** A client this far behind is not reading: end its stream rather than buffer without bound. */
const MAX_BUFFERED_BYTES = 1_048_576;

function viewer(role: Role) {
  return { canViewPii: hasPermission(role, 'view_pii'), canViewAudit: hasPermission(role, 'view_audit') };
}

/**
 * Server-Sent Events from the audit spine. A new client gets the latest events, a resuming one
 * (Last-Event-ID) gets exactly what it missed, then both follow the hub. Rows arriving from the hub
 * while the backlog is read are held and de-duplicated by id. Viewers without view_audit get only
 * activity (no security records); IPs are masked without view_pii; both are re-read with the session
 * every 30 s. The stream ends when the step-up expires, the session or staff access ends, or the
 * server shuts down; the browser then reconnects (asking for a code first when needed).
 */
export function openStream(
  deps: Pick<Platform, 'database' | 'hub' | 'config'>,
  request: FastifyRequest,
  reply: FastifyReply,
  resumeFrom: string | null,
) {
  const session = request.session!;
  let view = viewer(session.role!);
  const raw = reply.raw;
  let lastSentId = 0n;
  let held: EventRow[] | null = [];
  let closed = false;

  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 3000\n\n');

  const send = (rows: EventRow[]) => {
    let chunk = '';
    for (const row of rows) {
      // By chain position: the order the sealer committed, which the hub and replay both follow.
      const position = BigInt(row.position);
      if (position <= lastSentId) continue;
      lastSentId = position;
      if (!view.canViewAudit && isAuditOnlyType(row.type)) continue;
      chunk += `id: ${row.position}\ndata: ${JSON.stringify(toAuditEvent(row, view.canViewPii))}\n\n`;
    }
    if (!chunk || closed) return;
    raw.write(chunk);
    if (raw.writableLength > MAX_BUFFERED_BYTES) close();
  };

  const { database, hub, config } = deps;
  const unsubscribe = hub.subscribe({
    deliver(rows) {
      if (held) held.push(...rows);
      else send(rows);
    },
    close: () => close('reconnect'),
  });

  function close(finalEvent?: string) {
    if (closed) return;
    if (finalEvent && !raw.writableEnded) raw.write(`event: ${finalEvent}\ndata: {}\n\n`);
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(expiry);
    raw.end();
  }

  const expiresAt = stepUpExpiry(session, config.adminSessionTimeoutMs);
  const expiry = setTimeout(
    () => close('step_up_required'),
    Math.max(0, (expiresAt?.getTime() ?? 0) - Date.now()),
  );
  let lastSessionCheck = Date.now();
  const heartbeat = setInterval(async () => {
    if (closed) return;
    raw.write(': ping\n\n');
    if (Date.now() - lastSessionCheck < SESSION_CHECK_MS) return;
    lastSessionCheck = Date.now();
    // By id: the token rotates at every step-up, the session does not.
    const current = await loadSession(database, session.sessionId, 'id').catch(() => null);
    if (!current?.role || !hasPermission(current.role, 'view_activity')) close('session_ended');
    else view = viewer(current.role);
  }, HEARTBEAT_MS);
  raw.on('close', () => close());

  const replay = async () => {
    if (resumeFrom) {
      lastSentId = BigInt(resumeFrom);
      let after = resumeFrom;
      for (;;) {
        const missed = await eventsAfter(database.db, after, 1000);
        send(missed);
        if (missed.length < 1000 || closed) break;
        after = missed[missed.length - 1]!.position;
      }
    } else {
      const recent = await rows<EventRow>(
        database.db,
        sql`SELECT ${EVENT_COLUMNS} FROM events WHERE position IS NOT NULL
             ORDER BY events.position DESC LIMIT ${BACKLOG}`,
      );
      send(recent.reverse());
    }
    const waiting = held ?? [];
    held = null;
    send(waiting);
  };
  replay().catch((error) => {
    request.log.error({ err: error }, 'stream replay failed');
    close();
  });
}
