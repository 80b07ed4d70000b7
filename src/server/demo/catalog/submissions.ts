import { REJECT_REASONS } from '../../../contracts/catalog.values.ts';
import { countInserted, createScratch, sqlArray, sqlText } from '../steps.ts';
import { ADJECTIVES, ATTACHMENTS, type CatalogStep, DEMO_CATEGORIES, DESCRIPTIONS } from './plan.ts';

const nouns = sqlArray(DEMO_CATEGORIES.flatMap(([, , list]) => list));
const nounCategories = `ARRAY[${DEMO_CATEGORIES.flatMap(([, , list], c) => list.map(() => c + 1)).join(', ')}]::int[]`;
const nounCount = DEMO_CATEGORIES.reduce((sum, [, , list]) => sum + list.length, 0);
const slugs = sqlArray(DEMO_CATEGORIES.map(([, slug]) => slug));
const NOTES = ['Same design as an older listing.', 'Photos are missing.', 'Not what we sell.'];

/**
 * `demo_s`: the submissions, from 25 repeat submitters (so their stats say something): 30 % pending,
 * 35 % approved, 35 % rejected with a canned reason (an "other" always with its note), reviewed by
 * the first admin within five days.
 */
export const submissionPlan: CatalogStep = {
  name: 'catalog submission plan',
  run: (db, { submissions }, { r, pick, uuid }) =>
    createScratch(
      db,
      'demo_s',
      `
      WITH a AS (
        SELECT n, ${uuid('submission', 'n')} AS id, ${uuid('submission-product', 'n')} AS product_id,
               1 + floor(${r('n')} * ${nounCount})::int AS k, ${pick(ADJECTIVES, 'n')} AS adjective,
               ${pick(DESCRIPTIONS, 'n')} AS blurb, ${r('n')} AS r_status, ${r('n')} AS r_who,
               ${r('n')} AS r_price, ${r('n')} AS r_review, ${r('n')} AS r_live,
               ${pick(REJECT_REASONS, 'n')} AS reason, ${pick(NOTES, 'n')} AS note,
               now() - interval '10 minutes' - ${r('n')} * interval '60 days' AS created_at
          FROM generate_series(1, ${submissions}) n
      )
      SELECT a.*, adjective || ' ' || (${nouns})[k] || ' (community design)' AS title,
             'Proposed by a member: ' || blurb AS description,
             round((5 + r_price ^ 2 * 95)::numeric) - 0.01 AS price,
             (${slugs})[(${nounCategories})[k]] AS category_slug,
             CASE WHEN r_status < 0.3 THEN 'pending' WHEN r_status < 0.65 THEN 'approved' ELSE 'rejected' END AS status,
             least(now() - interval '1 minute', created_at + r_review * interval '5 days') AS reviewed_at,
             (SELECT s.id FROM demo_shoppers s
               WHERE s.k = 1 + floor(r_who * least(25, (SELECT count(*) FROM demo_shoppers)))::int) AS submitter_id
        FROM a`,
    ),
};

export const submissions: CatalogStep = {
  name: 'catalog submissions',
  table: 'submissions',
  counts: 'submissions',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO submissions (id, submitter_id, title, description, proposed_price, proposed_category_id, status,
                               reject_reason, reject_note, reviewer_id, reviewed_at, version, created_at, updated_at)
      SELECT s.id, s.submitter_id, s.title, s.description, s.price, c.id, s.status,
             CASE WHEN s.status = 'rejected' THEN s.reason END,
             CASE WHEN s.status = 'rejected' AND s.reason = 'other' THEN s.note END,
             CASE WHEN s.status <> 'pending' THEN
               (SELECT a.user_id FROM admin_users a WHERE a.role IN ('admin', 'super_admin')
                 ORDER BY a.role = 'admin' DESC, a.granted_at, a.user_id LIMIT 1) END,
             CASE WHEN s.status <> 'pending' THEN s.reviewed_at END,
             CASE WHEN s.status = 'pending' THEN 1 ELSE 2 END, s.created_at,
             CASE WHEN s.status = 'pending' THEN s.created_at ELSE s.reviewed_at END
        FROM demo_s s LEFT JOIN categories c ON c.slug = s.category_slug ORDER BY s.n`,
    ),
};

/** The draft products approved submissions became (stock 0), half of them since made active. */
export const submissionProducts: CatalogStep = {
  name: 'catalog submission products',
  table: 'products',
  counts: 'submissionProducts',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO products (id, sku, title, description, price, currency, stock, status, search_vector,
                            search_indexed_at, submission_id, created_at, updated_at)
      SELECT product_id, 'SUB-' || lpad(n::text, 6, '0'), title, description, price, 'usd', 0,
             CASE WHEN r_live < 0.5 THEN 'draft' ELSE 'active' END,
             catalog_search_vector(title, 'SUB-' || lpad(n::text, 6, '0'), description), reviewed_at, id,
             reviewed_at, reviewed_at
        FROM demo_s WHERE status = 'approved' ORDER BY n`,
    ),
};

export const submissionProductCategories: CatalogStep = {
  name: 'catalog submission product categories',
  table: 'product_categories',
  run: (db) =>
    db.exec(`
      INSERT INTO product_categories (product_id, category_id)
      SELECT s.product_id, c.id FROM demo_s s JOIN categories c ON c.slug = s.category_slug
       WHERE s.status = 'approved'`),
};

export const linkSubmissionProducts: CatalogStep = {
  name: 'catalog submission links',
  run: (db) =>
    db.exec(`
      UPDATE submissions s SET product_id = d.product_id
        FROM demo_s d WHERE d.id = s.id AND d.status = 'approved'`),
};

/** Small text files on 40 % of the submissions (1–3 each), stored in the database. */
export const attachments: CatalogStep = {
  name: 'catalog submission attachments',
  table: 'submission_attachments',
  counts: 'attachments',
  run: (db, _plan, { r, uuid }) =>
    countInserted(
      db,
      `
      WITH files AS (
        SELECT k, filename, content_type
          FROM unnest(${sqlArray(ATTACHMENTS.map(([name]) => name))}, ${sqlArray(ATTACHMENTS.map(([, type]) => type))})
               WITH ORDINALITY f (filename, content_type, k)
      ), picked AS (
        SELECT s.id, s.n, s.title, s.created_at, j, 1 + floor(${r('s.n * 4 + j')} * ${ATTACHMENTS.length})::int AS file_k
          FROM demo_s s CROSS JOIN LATERAL generate_series(1, 1 + floor(${r('s.n')} * 3)::int) j
         WHERE ${r('s.n')} < 0.4
      ), body AS (
        SELECT p.*, f.filename, f.content_type,
               convert_to(${sqlText('Submission: ')} || p.title || E'\\nFile ' || p.j || ': ' || f.filename || E'\\n', 'UTF8') AS content
          FROM picked p JOIN files f ON f.k = p.file_k
      )
      INSERT INTO submission_attachments (id, submission_id, filename, content_type, size_bytes, storage_key, content, created_at)
      SELECT ${uuid('attachment', "n || '.' || j")}, id, j || '-' || filename, content_type, octet_length(content), 'db:', content, created_at
        FROM body ORDER BY n, j`,
    ),
};
