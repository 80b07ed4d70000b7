import { sql } from 'drizzle-orm';
import type {
  ModerateBody,
  ModerateResponse,
  QueueItem,
  QueueQuery,
  QueueResponse,
} from '../../../contracts/moderation.ts';
import { maskPiiInText } from '../../../contracts/pii.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { afterCursor, keysetPage } from '../../platform/lists.ts';
import { mutate } from '../../platform/mutation.ts';

const EXCERPT = 160;
const iso = (value: Date | string) => new Date(value).toISOString();

type QueueRecord = {
  post_id: string;
  excerpt: string;
  post_status: QueueItem['post']['status'];
  post_created_at: Date | string;
  author_id: string;
  author_email: string;
  author_status: string;
  flags: { reporter: string; reason: QueueItem['reasons'][number]; note: string | null; at: string }[];
  first_at: Date | string;
  last_at: Date | string;
  sort_key: string;
  hidden: number;
  removed: number;
  upheld: number;
};

/**
 * The queue: open flags grouped by post, the post flagged longest ago first, keyset-paginated by
 * (first open flag, post id). Excerpts and notes are people's words: masked without view_pii.
 */
export async function moderationQueue(
  db: Db,
  query: QueueQuery,
  options: { cursorKey: Buffer | string; canViewPii: boolean },
): Promise<QueueResponse> {
  const after = afterCursor(options.cursorKey, query.cursor);
  const [records, totals] = await Promise.all([
    rows<QueueRecord>(
      db,
      sql`
      -- Walks the open flags oldest first and keeps each post's first one: a page reads about a
      -- page of flags instead of grouping every open flag (20,000 of them cost 18 ms a page).
      WITH page AS (
        SELECT f.post_id, f.created_at AS first_at,
               (SELECT max(l.created_at) FROM post_flags l WHERE l.post_id = f.post_id AND l.status = 'open') AS last_at
          FROM post_flags f
         WHERE f.status = 'open'
           AND NOT EXISTS (SELECT 1 FROM post_flags e
                            WHERE e.post_id = f.post_id AND e.status = 'open' AND (e.created_at, e.id) < (f.created_at, f.id))
           ${
             query.reason
               ? sql`AND EXISTS (SELECT 1 FROM post_flags r
                                  WHERE r.post_id = f.post_id AND r.status = 'open' AND r.reason = ${query.reason})`
               : sql``
           }
           ${after ? sql`AND (f.created_at, f.post_id) > (${after.v}::timestamptz, ${after.id}::uuid)` : sql``}
         ORDER BY f.created_at, f.post_id LIMIT ${query.pageSize + 1}
      )
      SELECT page.post_id::text AS post_id, left(p.body, ${EXCERPT * 3}) AS excerpt, p.status AS post_status,
             p.created_at AS post_created_at, a.id::text AS author_id, a.email AS author_email, a.status AS author_status,
             page.first_at, page.last_at, page.first_at::text AS sort_key, fl.flags,
             hist.hidden, hist.removed, hist.upheld
        FROM page
        JOIN posts p ON p.id = page.post_id
        JOIN users a ON a.id = p.author_id
        CROSS JOIN LATERAL (
          SELECT json_agg(json_build_object('reporter', r.email, 'reason', f.reason, 'note', f.note, 'at', f.created_at)
                          ORDER BY f.created_at) AS flags
            FROM post_flags f JOIN users r ON r.id = f.reporter_id
           WHERE f.post_id = page.post_id AND f.status = 'open'
        ) fl
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE o.status = 'hidden')::int AS hidden,
                 count(*) FILTER (WHERE o.status = 'removed')::int AS removed,
                 (SELECT count(*)::int FROM post_flags x JOIN posts xp ON xp.id = x.post_id
                   WHERE xp.author_id = p.author_id AND x.status = 'actioned') AS upheld
            FROM posts o WHERE o.author_id = p.author_id AND o.id <> p.id
        ) hist
       ORDER BY page.first_at, page.post_id`,
    ),
    rows<{ n: number; oldest_hours: number | null }>(
      db,
      sql`SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at)) / 3600 AS oldest_hours
            FROM post_flags WHERE status = 'open'`,
    ),
  ]);
  const { shown, nextCursor } = keysetPage(options.cursorKey, records, query.pageSize, (last) => ({
    v: last.sort_key,
    id: last.post_id,
  }));
  const mask = (text: string) => maskPiiInText(text, options.canViewPii);
  return {
    items: shown.map((record) => {
      const flags = record.flags.map((flag) => ({
        reporter: flag.reporter,
        reason: flag.reason,
        note: flag.note === null ? null : mask(flag.note),
        at: iso(flag.at),
      }));
      return {
        post: {
          id: record.post_id,
          excerpt: excerptOf(mask(record.excerpt)),
          status: record.post_status,
          createdAt: iso(record.post_created_at),
        },
        author: { id: record.author_id, email: record.author_email, status: record.author_status },
        flags,
        reasons: [...new Set(flags.map((flag) => flag.reason))],
        firstFlaggedAt: iso(record.first_at),
        lastFlaggedAt: iso(record.last_at),
        history: {
          hidden: Number(record.hidden),
          removed: Number(record.removed),
          upheldFlags: Number(record.upheld),
        },
      };
    }),
    nextCursor,
    openFlags: Number(totals[0]?.n ?? 0),
    oldestOpenHours: totals[0]?.oldest_hours === null ? null : Number(totals[0]?.oldest_hours ?? null),
  };
}

/**
 * The first EXCERPT characters of already-masked text; an email or address cut in half at the end
 * is dropped (a half address would escape the masking).
 */
function excerptOf(masked: string): string {
  if (masked.length <= EXCERPT) return masked;
  return `${masked
    .slice(0, EXCERPT)
    .replace(/\S*[@:.]\S*$/, '')
    .trimEnd()}…`;
}

type PostState = { id: string; status: ModerateResponse['post']['status']; author_id: string; flags: number };

async function lockPost(tx: Db, id: string): Promise<PostState> {
  const [post] = await rows<PostState>(
    tx,
    sql`SELECT p.id::text AS id, p.status, p.author_id::text AS author_id,
               (SELECT count(*)::int FROM post_flags f WHERE f.post_id = p.id) AS flags
          FROM posts p WHERE p.id = ${id}::uuid FOR UPDATE`,
  );
  if (!post) throw new AppError('not_found', `No post ${id}`);
  return post;
}

/**
 * What each action needs and does: the post's status before and after, and the flags' fate. Hiding
 * is the reversible first step: the flags stay open (the post stays in the queue) until a moderator
 * removes the post (flags actioned) or dismisses the reports (flags dismissed).
 */
const RULES = {
  dismiss: {
    from: ['visible', 'hidden', 'removed'],
    to: null,
    flags: 'dismissed',
    event: 'post.flags_dismissed',
  },
  hide: { from: ['visible'], to: 'hidden', flags: null, event: 'post.hidden' },
  restore: { from: ['hidden'], to: 'visible', flags: null, event: 'post.restored' },
  remove: { from: ['visible', 'hidden'], to: 'removed', flags: 'actioned', event: 'post.removed' },
} as const;

/**
 * Dismiss the open flags, hide, restore or remove a flagged post: one transaction with its event.
 * A post in the wrong state (or, for dismiss, with nothing open) answers 409 with its status.
 */
export async function moderatePost(
  database: Database,
  context: RequestContext,
  id: string,
  body: ModerateBody,
  idempotency: IdempotencyRequest | null,
): Promise<ModerateResponse> {
  const rule = RULES[body.action];
  return mutate(
    database,
    context,
    async (tx) => {
      const post = await lockPost(tx, id);
      if (post.flags === 0) throw new AppError('not_found', 'Only flagged posts are moderated here');
      if (!(rule.from as readonly string[]).includes(post.status))
        throw new AppError('conflict', `Cannot ${body.action} a post that is ${post.status}`, {
          status: post.status,
        });
      if (rule.to)
        await tx.execute(
          sql`UPDATE posts SET status = ${rule.to}, status_reason = ${body.reason ?? null},
                 version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
        );
      let resolvedFlags = 0;
      if (rule.flags) {
        const [resolved] = await rows<{ n: number }>(
          tx,
          sql`WITH r AS (
                UPDATE post_flags SET status = ${rule.flags}, resolved_by = ${context.actor.id}::uuid, resolved_at = now()
                 WHERE post_id = ${id}::uuid AND status = 'open' RETURNING 1)
              SELECT count(*)::int AS n FROM r`,
        );
        resolvedFlags = Number(resolved?.n ?? 0);
        if (body.action === 'dismiss' && resolvedFlags === 0)
          throw new AppError('conflict', 'This post has no open flags', { status: post.status });
      }
      const status = rule.to ?? post.status;
      return {
        result: { post: { id, status }, resolvedFlags },
        events: [
          {
            type: rule.event,
            subjectType: 'post',
            subjectId: id,
            // Never the post's text: the reason is the moderator's own words.
            payload: {
              authorId: post.author_id,
              from: post.status,
              to: status,
              resolvedFlags,
              ...(body.reason ? { reason: body.reason } : {}),
            },
          },
        ],
      };
    },
    idempotency,
  );
}

/** A flagged post's full text, with `post.viewed` in the same transaction; unflagged posts: 404. */
export async function viewFlaggedPost(
  database: Database,
  context: RequestContext,
  id: string,
  canViewPii: boolean,
): Promise<{ id: string; body: string; status: ModerateResponse['post']['status'] }> {
  return mutate(database, context, async (tx) => {
    const [post] = await rows<{
      body: string;
      status: ModerateResponse['post']['status'];
      author_id: string;
    }>(
      tx,
      sql`SELECT p.body, p.status, p.author_id::text AS author_id FROM posts p
           WHERE p.id = ${id}::uuid AND EXISTS (SELECT 1 FROM post_flags f WHERE f.post_id = p.id)`,
    );
    // Not flagged and not existing look the same: a private journal stays out of reach either way.
    if (!post) throw new AppError('not_found', 'No flagged post with this id');
    return {
      result: { id, body: maskPiiInText(post.body, canViewPii), status: post.status },
      events: [
        { type: 'post.viewed', subjectType: 'post', subjectId: id, payload: { authorId: post.author_id } },
      ],
    };
  });
}

/** The author of a flagged post (suspension goes through the Users module's own action). */
export async function flaggedPostAuthor(db: Db, id: string): Promise<string> {
  const [post] = await rows<{ author_id: string }>(
    db,
    sql`SELECT p.author_id::text AS author_id FROM posts p
         WHERE p.id = ${id}::uuid AND EXISTS (SELECT 1 FROM post_flags f WHERE f.post_id = p.id)`,
  );
  if (!post) throw new AppError('not_found', 'No flagged post with this id');
  return post.author_id;
}
