import { sql } from 'drizzle-orm';
import type {
  Attachment,
  Product,
  RejectSubmissionBody,
  Submission,
  SubmissionDetail,
  SubmissionsListQuery,
  SubmissionsListResponse,
  SubmitProductBody,
  SubmitterStats,
  TimelineEntry,
} from '../../../../contracts/catalog.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { decodeCursor, encodeCursor } from '../../../platform/cursor.ts';
import type { IdempotencyRequest } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';
import { loadProduct } from './product-rows.ts';

const ms = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

type SubmissionRecord = {
  id: string;
  title: string;
  description: string;
  proposed_price: string | null;
  category_id: string | null;
  category_name: string | null;
  status: Submission['status'];
  reject_reason: Submission['rejectReason'];
  reject_note: string | null;
  product_id: string | null;
  product_sku: string | null;
  product_title: string | null;
  submitter_id: string | null;
  submitter_email: string | null;
  submitter_name: string | null;
  reviewer_id: string | null;
  reviewer_email: string | null;
  reviewer_name: string | null;
  reviewed_at: string | null;
  attachments: number;
  version: number;
  created_at: string;
  updated_at: string;
  sort_key: string;
};

const SUBMISSION_SELECT = sql`
  SELECT s.id::text AS id, s.title, s.description, s.proposed_price::text AS proposed_price,
         c.id::text AS category_id, c.name AS category_name, s.status, s.reject_reason, s.reject_note,
         p.id::text AS product_id, p.sku AS product_sku, p.title AS product_title,
         su.id::text AS submitter_id, su.email AS submitter_email, su.name AS submitter_name,
         ru.id::text AS reviewer_id, ru.email AS reviewer_email, ru.name AS reviewer_name,
         ${ms('s.reviewed_at')} AS reviewed_at,
         (SELECT count(*)::int FROM submission_attachments a WHERE a.submission_id = s.id) AS attachments,
         s.version, ${ms('s.created_at')} AS created_at, ${ms('s.updated_at')} AS updated_at,
         to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
    FROM submissions s
    LEFT JOIN categories c ON c.id = s.proposed_category_id
    LEFT JOIN products p ON p.id = s.product_id
    LEFT JOIN users su ON su.id = s.submitter_id
    LEFT JOIN users ru ON ru.id = s.reviewer_id`;

const person = (id: string | null, email: string | null, name: string | null) =>
  id && email ? { id, email, name } : null;

function toSubmission(row: SubmissionRecord): Submission {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    proposedPrice: row.proposed_price,
    proposedCategory:
      row.category_id && row.category_name ? { id: row.category_id, name: row.category_name } : null,
    status: row.status,
    rejectReason: row.reject_reason,
    rejectNote: row.reject_note,
    product:
      row.product_id && row.product_sku && row.product_title
        ? { id: row.product_id, sku: row.product_sku, title: row.product_title }
        : null,
    submitter: person(row.submitter_id, row.submitter_email, row.submitter_name),
    reviewer: person(row.reviewer_id, row.reviewer_email, row.reviewer_name),
    reviewedAt: row.reviewed_at,
    attachmentsCount: Number(row.attachments),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function loadSubmission(db: Db, id: string): Promise<Submission | null> {
  const [row] = await rows<SubmissionRecord>(db, sql`${SUBMISSION_SELECT} WHERE s.id = ${id}::uuid`);
  return row ? toSubmission(row) : null;
}

type Position = { st: string; v: string; id: string };
const isPosition = (value: unknown): value is Position => {
  if (typeof value !== 'object' || value === null) return false;
  const { st, v, id } = value as Record<string, unknown>;
  return (
    typeof st === 'string' && typeof v === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)
  );
};

/** Submissions newest first, by status, keyset-paginated; with the count of each status. */
export async function listSubmissions(
  db: Db,
  query: SubmissionsListQuery,
  options: { cursorKey: Buffer | string },
): Promise<SubmissionsListResponse> {
  const status = query.status ?? 'all';
  const after = query.cursor ? decodeCursor(options.cursorKey, query.cursor, isPosition) : null;
  if (after && after.st !== status)
    throw new AppError('bad_request', 'query.cursor belongs to another status; start from the first page', [
      { path: 'query.cursor', message: `cursor was issued for status ${after.st}` },
    ]);
  const conditions = [
    ...(query.status ? [sql`s.status = ${query.status}`] : []),
    ...(after ? [sql`(s.created_at, s.id) < (${after.v}::timestamptz, ${after.id}::uuid)`] : []),
  ];
  const [records, counts] = await Promise.all([
    rows<SubmissionRecord>(
      db,
      sql`${SUBMISSION_SELECT} ${conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``}
          ORDER BY s.created_at DESC, s.id DESC LIMIT ${query.pageSize + 1}`,
    ),
    rows<{ status: Submission['status']; n: number }>(
      db,
      sql`SELECT status, count(*)::int AS n FROM submissions GROUP BY status`,
    ),
  ]);
  const shown = records.slice(0, query.pageSize);
  const last = shown[shown.length - 1];
  const byStatus = { pending: 0, approved: 0, rejected: 0 };
  for (const row of counts) byStatus[row.status] = Number(row.n);
  return {
    rows: shown.map(toSubmission),
    nextCursor:
      records.length > query.pageSize && last
        ? encodeCursor(options.cursorKey, { st: status, v: last.sort_key, id: last.id } satisfies Position)
        : null,
    counts: byStatus,
  };
}

/** The trust score (0–100): (approved + 1) / (approved + rejected + 2), so a newcomer starts at 50. */
export const trustScore = (approved: number, rejected: number) =>
  Math.round(((approved + 1) / (approved + rejected + 2)) * 100);

async function submitterStats(db: Db, submission: Submission): Promise<SubmitterStats | null> {
  if (!submission.submitter) return null;
  const [row] = await rows<{ prior: number; approved: number; rejected: number; pending: number }>(
    db,
    sql`SELECT count(*)::int AS prior,
               count(*) FILTER (WHERE status = 'approved')::int AS approved,
               count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
               count(*) FILTER (WHERE status = 'pending')::int AS pending
          FROM submissions
         WHERE submitter_id = ${submission.submitter.id}::uuid AND id <> ${submission.id}::uuid
           AND created_at <= (SELECT created_at FROM submissions WHERE id = ${submission.id}::uuid)`,
  );
  const approved = Number(row?.approved ?? 0);
  const rejected = Number(row?.rejected ?? 0);
  return {
    prior: Number(row?.prior ?? 0),
    approved,
    rejected,
    pending: Number(row?.pending ?? 0),
    trustScore: trustScore(approved, rejected),
  };
}

/**
 * Status changes, oldest first: "submitted" from the row, then each decision from the audit events.
 * A decision older than the log (demo rows) is read from the row's reviewer and time.
 */
async function timelineOf(db: Db, submission: Submission): Promise<TimelineEntry[]> {
  const events = await rows<{
    id: string;
    ts: string;
    actor_email: string | null;
    type: string;
    payload: unknown;
  }>(
    db,
    sql`SELECT id::text AS id, ${ms('ts')} AS ts, actor_email, type, payload FROM events
         WHERE subject_type = 'submission' AND subject_id = ${submission.id}
           AND type IN ('submission.approved', 'submission.rejected') AND position IS NOT NULL
         ORDER BY position`,
  );
  const entries: TimelineEntry[] = [
    {
      status: 'pending',
      at: submission.createdAt,
      by: submission.submitter?.email ?? null,
      reason: null,
      note: null,
      eventId: null,
    },
  ];
  for (const event of events) {
    const payload = (typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload) as Record<
      string,
      unknown
    >;
    entries.push({
      status: event.type === 'submission.approved' ? 'approved' : 'rejected',
      at: event.ts,
      by: event.actor_email,
      reason: (payload.reason as TimelineEntry['reason']) ?? null,
      note: (payload.note as string | undefined) ?? null,
      eventId: event.id,
    });
  }
  if (events.length === 0 && submission.status !== 'pending' && submission.reviewedAt)
    entries.push({
      status: submission.status,
      at: submission.reviewedAt,
      by: submission.reviewer?.email ?? null,
      reason: submission.rejectReason,
      note: submission.rejectNote,
      eventId: null,
    });
  return entries;
}

export async function submissionDetail(db: Db, id: string): Promise<SubmissionDetail> {
  const submission = await loadSubmission(db, id);
  if (!submission) throw new AppError('not_found', `No submission ${id}`);
  const [attachments, timeline, stats] = await Promise.all([
    rows<{
      id: string;
      filename: string;
      content_type: string;
      size_bytes: string;
      db: boolean;
      created_at: string;
    }>(
      db,
      sql`SELECT id::text AS id, filename, content_type, size_bytes::text AS size_bytes,
                 (content IS NOT NULL) AS db, ${ms('created_at')} AS created_at
            FROM submission_attachments WHERE submission_id = ${id}::uuid ORDER BY filename, id`,
    ),
    timelineOf(db, submission),
    submitterStats(db, submission),
  ]);
  return {
    submission,
    attachments: attachments.map(
      (row): Attachment => ({
        id: row.id,
        filename: row.filename,
        contentType: row.content_type,
        sizeBytes: Number(row.size_bytes),
        downloadable: row.db,
        createdAt: row.created_at,
      }),
    ),
    timeline,
    submitterStats: stats,
  };
}

/** An attachment's bytes, when this server holds them. */
export async function attachmentFile(
  db: Db,
  submissionId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const [row] = await rows<{ filename: string; content_type: string; content: Uint8Array | string | null }>(
    db,
    sql`SELECT filename, content_type, content FROM submission_attachments
         WHERE id = ${attachmentId}::uuid AND submission_id = ${submissionId}::uuid`,
  );
  if (!row) throw new AppError('not_found', `No attachment ${attachmentId} on submission ${submissionId}`);
  if (row.content === null)
    throw new AppError(
      'not_found',
      `${row.filename} is stored outside the database and cannot be served here`,
    );
  const content =
    typeof row.content === 'string'
      ? Buffer.from(row.content.replace(/^\\x/, ''), 'hex')
      : Buffer.from(row.content);
  return { filename: row.filename, contentType: row.content_type, content };
}

/** Locks the submission and refuses a stale version or a decided one with 409 and the current row. */
async function pendingSubmission(tx: Db, id: string, version: number): Promise<Submission> {
  const [locked] = await rows(tx, sql`SELECT 1 FROM submissions WHERE id = ${id}::uuid FOR UPDATE`);
  const current = locked ? await loadSubmission(tx, id) : null;
  if (!current) throw new AppError('not_found', `No submission ${id}`);
  if (current.status !== 'pending' || current.version !== version) {
    const who = current.reviewer?.email;
    throw new AppError(
      'conflict',
      current.status !== 'pending'
        ? `Already ${current.status}${who ? ` by ${who}` : ''}${current.reviewedAt ? ` at ${current.reviewedAt}` : ''}`
        : 'Someone changed this submission first; here is the current one',
      { submission: current },
    );
  }
  return current;
}

/**
 * Approves a submission and scaffolds its product: a draft with the submission's title,
 * description, price and category, stock 0, linked both ways; `submission.approved` and
 * `product.created` in the same transaction.
 */
export async function approveSubmission(
  database: Database,
  context: RequestContext,
  id: string,
  version: number,
  idempotency: IdempotencyRequest | null,
): Promise<{ submission: Submission; product: Product }> {
  return mutate(
    database,
    context,
    async (tx) => {
      const before = await pendingSubmission(tx, id, version);
      const sku = `SUB-${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      const [created] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO products (sku, title, description, price, stock, status, submission_id)
            VALUES (${sku}, ${before.title}, ${before.description}, ${before.proposedPrice ?? '0'}::numeric, 0, 'draft', ${id}::uuid)
            RETURNING id::text AS id`,
      );
      const productId = created!.id;
      if (before.proposedCategory)
        await tx.execute(sql`INSERT INTO product_categories (product_id, category_id)
                             VALUES (${productId}::uuid, ${before.proposedCategory.id}::uuid)`);
      await tx.execute(sql`
        UPDATE submissions SET status = 'approved', product_id = ${productId}::uuid, reviewer_id = ${context.actor.id},
               reviewed_at = now(), version = version + 1, updated_at = now()
         WHERE id = ${id}::uuid`);
      const submission = (await loadSubmission(tx, id))!;
      const product = (await loadProduct(tx, productId))!;
      return {
        result: { submission, product },
        events: [
          {
            type: 'submission.approved',
            subjectType: 'submission',
            subjectId: id,
            payload: { title: submission.title, productId, sku },
          },
          {
            type: 'product.created',
            subjectType: 'product',
            subjectId: productId,
            payload: { sku, title: product.title, status: 'draft', fromSubmission: id },
          },
        ],
      };
    },
    idempotency,
  );
}

/** Rejects a submission with a canned reason ("other" with its note); `submission.rejected`. */
export async function rejectSubmission(
  database: Database,
  context: RequestContext,
  id: string,
  body: RejectSubmissionBody,
  idempotency: IdempotencyRequest | null,
): Promise<Submission> {
  return mutate(
    database,
    context,
    async (tx) => {
      await pendingSubmission(tx, id, body.version);
      const note = body.note ? body.note : null;
      await tx.execute(sql`
        UPDATE submissions SET status = 'rejected', reject_reason = ${body.reason}, reject_note = ${note},
               reviewer_id = ${context.actor.id}, reviewed_at = now(), version = version + 1, updated_at = now()
         WHERE id = ${id}::uuid`);
      const submission = (await loadSubmission(tx, id))!;
      return {
        result: submission,
        events: [
          {
            type: 'submission.rejected',
            subjectType: 'submission',
            subjectId: id,
            payload: { title: submission.title, reason: body.reason, ...(note ? { note } : {}) },
          },
        ],
      };
    },
    idempotency,
  );
}

/**
 * A member proposes a product: the submission and its files in one transaction, with
 * `submission.created`. An unknown category is a 400 naming `body.categoryId`.
 */
export async function submitProduct(
  database: Database,
  context: RequestContext,
  body: SubmitProductBody,
  idempotency: IdempotencyRequest | null,
): Promise<{ id: string; title: string; status: Submission['status']; createdAt: string }> {
  const submitterId = context.actor.id;
  if (!submitterId) throw new AppError('unauthenticated', 'Sign in to submit a product');
  return mutate(
    database,
    context,
    async (tx) => {
      if (body.categoryId) {
        const [found] = await rows(tx, sql`SELECT 1 FROM categories WHERE id = ${body.categoryId}::uuid`);
        if (!found)
          throw new AppError('bad_request', 'Invalid input — body.categoryId: unknown category', [
            { path: 'body.categoryId', message: `unknown category ${body.categoryId}` },
          ]);
      }
      const [created] = await rows<{ id: string; created_at: string }>(
        tx,
        sql`INSERT INTO submissions (submitter_id, title, description, proposed_price, proposed_category_id)
            VALUES (${submitterId}::uuid, ${body.title}, ${body.description}, ${body.proposedPrice ?? null}::numeric,
                    ${body.categoryId ?? null}::uuid)
            RETURNING id::text AS id, ${ms('created_at')} AS created_at`,
      );
      const id = created!.id;
      for (const [index, file] of body.attachments.entries()) {
        const content = Buffer.from(file.contentBase64, 'base64');
        if (content.length > 512 * 1024)
          throw new AppError(
            'bad_request',
            `Invalid input — body.attachments.${index}.contentBase64: too large`,
            [{ path: `body.attachments.${index}.contentBase64`, message: 'at most 512 KiB per file' }],
          );
        await tx.execute(sql`
          INSERT INTO submission_attachments (submission_id, filename, content_type, size_bytes, storage_key, content)
          VALUES (${id}::uuid, ${file.filename}, ${file.contentType}, ${content.length}, 'db:', ${content})`);
      }
      return {
        result: { id, title: body.title, status: 'pending' as const, createdAt: created!.created_at },
        events: [
          {
            type: 'submission.created',
            subjectType: 'submission',
            subjectId: id,
            payload: { title: body.title, attachments: body.attachments.length },
          },
        ],
      };
    },
    idempotency,
  );
}
