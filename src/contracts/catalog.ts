import { z } from 'zod';
import {
  CATEGORY_SORTS,
  PRODUCT_SORTS,
  PRODUCT_STATUSES,
  REJECT_REASONS,
  SUBMISSION_STATUSES,
} from './catalog.values.ts';
import { EXPORT_OMIT } from './lists.ts';

export * from './catalog.values.ts';

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');
/** Text the database can store: a NUL byte is refused as a 400 naming the field, not a 500 later. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL bytes');
const pageSize = z.coerce.number().int().min(1).max(100).default(50);
const cursor = text(500).optional();
/** Money as the API speaks it: a decimal string with at most two places ("19.90"). */
const money = z
  .union([z.number(), z.string()])
  .transform((value) => String(value).trim())
  .refine((value) => /^\d{1,10}(\.\d{1,2})?$/.test(value), 'must be a price ≥ 0 with at most 2 decimals');
const productId = z.guid('must be a product id');
const categoryId = z.guid('must be a category id');

export const Total = z.object({ value: z.number().int(), estimated: z.boolean() });

// ---------- Products ----------

export const ProductsListQuery = z.strictObject({
  /** Full text over title, SKU and description (web-search syntax: words, "phrases", -not). */
  query: text(200).trim().optional(),
  category: categoryId.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  /** `low`: 1 … threshold in stock; `out`: none. The threshold is System → Settings'. */
  stock: z.enum(['low', 'out']).optional(),
  continueSelling: booleanText.optional(),
  sort: z.enum(PRODUCT_SORTS).default('created_at:desc'),
  pageSize,
  cursor,
});
export type ProductsListQuery = z.infer<typeof ProductsListQuery>;
/** `GET …/export`: the Products list's filters (and sort), every page. */
export const ProductsExportQuery = ProductsListQuery.omit(EXPORT_OMIT);
export type ProductsExportQuery = z.infer<typeof ProductsExportQuery>;

export const CategoryRef = z.object({ id: z.string(), name: z.string() });

export const Product = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  description: z.string(),
  price: z.string(),
  currency: z.string(),
  stock: z.number().int(),
  continueSellingWhenOutOfStock: z.boolean(),
  status: z.enum(PRODUCT_STATUSES),
  categories: z.array(CategoryRef),
  /** Changed since its last indexing: search may not find it as it is now. */
  searchStale: z.boolean(),
  searchIndexedAt: z.string().nullable(),
  submissionId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

export const ProductsListResponse = z.object({
  rows: z.array(Product),
  nextCursor: z.string().nullable(),
  total: Total,
});
export type ProductsListResponse = z.infer<typeof ProductsListResponse>;

export const ProductIdParams = z.object({ id: productId });
export const ProductResponse = z.object({ product: Product });
export type ProductResponse = z.infer<typeof ProductResponse>;

/** The % Low Stock card: products not archived with 1 … threshold in stock. */
export const LowStockResponse = z.object({
  threshold: z.number().int(),
  low: z.number().int(),
  outOfStock: z.number().int(),
  total: z.number().int(),
  /** low / total × 100, one decimal. */
  percentage: z.number(),
});
export type LowStockResponse = z.infer<typeof LowStockResponse>;

/** What System's "search index status" reports. */
export const SearchIndexStatus = z.object({
  products: z.number().int(),
  stale: z.number().int(),
  lastIndexedAt: z.string().nullable(),
  state: z.enum(['fresh', 'stale']),
});
export type SearchIndexStatus = z.infer<typeof SearchIndexStatus>;
export const ReindexStaleResponse = z.object({ reindexed: z.number().int(), status: SearchIndexStatus });

export const CreateProductBody = z.strictObject({
  sku: text(64)
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore (up to 64)')
    .transform((value) => value.toUpperCase()),
  title: text(200).trim().min(1, 'give it a title'),
  description: text(5000).default(''),
  price: money,
  currency: z
    .string()
    .regex(/^[a-z]{3}$/, 'a three-letter currency code in lower case')
    .default('usd'),
  stock: z.number().int().min(0, 'must be 0 or more').max(100_000_000).default(0),
  continueSellingWhenOutOfStock: z.boolean().default(false),
  status: z.enum(PRODUCT_STATUSES).default('draft'),
  categoryIds: z.array(categoryId).max(20).default([]),
});
export type CreateProductBody = z.infer<typeof CreateProductBody>;

/** A change to a product; `version` is the one the client saw (else 409 with the current product). */
export const UpdateProductBody = z
  .strictObject({
    version: z.number().int().min(1),
    title: text(200).trim().min(1).optional(),
    description: text(5000).optional(),
    price: money.optional(),
    stock: z.number().int().min(0, 'must be 0 or more').max(100_000_000).optional(),
    continueSellingWhenOutOfStock: z.boolean().optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    categoryIds: z.array(categoryId).max(20).optional(),
  })
  .refine((body) => Object.keys(body).length > 1, 'change at least one field besides version');
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

const productIds = z.array(productId).min(1, 'select at least one product').max(100);

export const BulkContinueSellingBody = z.strictObject({
  productIds,
  continueSellingWhenOutOfStock: z.boolean(),
});
export const BulkProductsBody = z.strictObject({ productIds });

export const ProductBulkResponse = z.object({
  results: z.array(
    z.object({
      productId: z.string(),
      ok: z.boolean(),
      /** False when the product already was as asked (no event written). */
      changed: z.boolean().optional(),
      code: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
});
export type ProductBulkResponse = z.infer<typeof ProductBulkResponse>;

// ---------- Categories ----------

export const CategoriesListQuery = z.strictObject({
  query: text(200).trim().optional(),
  sort: z.enum(CATEGORY_SORTS).default('name:asc'),
  pageSize,
  cursor,
});
export type CategoriesListQuery = z.infer<typeof CategoriesListQuery>;
/** `GET …/export`: the Categories list's filters (and sort), every page. */
export const CategoriesExportQuery = CategoriesListQuery.omit(EXPORT_OMIT);
export type CategoriesExportQuery = z.infer<typeof CategoriesExportQuery>;

export const Category = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  productsCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Category = z.infer<typeof Category>;

export const CategoriesListResponse = z.object({
  rows: z.array(Category),
  nextCursor: z.string().nullable(),
  total: Total,
});
export type CategoriesListResponse = z.infer<typeof CategoriesListResponse>;

export const CreateCategoryBody = z.strictObject({
  name: text(120).trim().min(1, 'give it a name'),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by dashes')
    .max(120)
    .optional(),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;
export const CategoryResponse = z.object({ category: Category });

export const MergeCategoriesBody = z
  .strictObject({
    sourceIds: z.array(categoryId).min(1, 'pick at least one category to merge').max(50),
    targetId: categoryId,
  })
  .superRefine((body, ctx) => {
    if (body.sourceIds.includes(body.targetId))
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'must not be one of the sources' });
  });
export type MergeCategoriesBody = z.infer<typeof MergeCategoriesBody>;

export const MergeCategoriesResponse = z.object({
  target: Category,
  /** Products newly linked to the target (those already in it are not counted twice). */
  moved: z.number().int(),
  /** Links of the sources dropped because the product was already in the target. */
  duplicates: z.number().int(),
  removed: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type MergeCategoriesResponse = z.infer<typeof MergeCategoriesResponse>;

// ---------- Submissions ----------

export const SubmissionsListQuery = z.strictObject({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  pageSize,
  cursor,
});
export type SubmissionsListQuery = z.infer<typeof SubmissionsListQuery>;
/** `GET …/export`: the Submissions list's filters (and sort), every page. */
export const SubmissionsExportQuery = SubmissionsListQuery.omit(EXPORT_OMIT);
export type SubmissionsExportQuery = z.infer<typeof SubmissionsExportQuery>;

const Person = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

export const Submission = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  proposedPrice: z.string().nullable(),
  proposedCategory: CategoryRef.nullable(),
  status: z.enum(SUBMISSION_STATUSES),
  rejectReason: z.enum(REJECT_REASONS).nullable(),
  rejectNote: z.string().nullable(),
  product: z.object({ id: z.string(), sku: z.string(), title: z.string() }).nullable(),
  submitter: Person.nullable(),
  reviewer: Person.nullable(),
  reviewedAt: z.string().nullable(),
  attachmentsCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Submission = z.infer<typeof Submission>;

export const SubmissionsListResponse = z.object({
  rows: z.array(Submission),
  nextCursor: z.string().nullable(),
  counts: z.record(z.enum(SUBMISSION_STATUSES), z.number().int()),
});
export type SubmissionsListResponse = z.infer<typeof SubmissionsListResponse>;

export const SubmissionIdParams = z.object({ id: z.guid('must be a submission id') });
export const AttachmentParams = z.object({
  id: z.guid('must be a submission id'),
  attachmentId: z.guid('must be an attachment id'),
});

export const Attachment = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** False when the file lives outside the database and this server cannot serve it. */
  downloadable: z.boolean(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** One status change: from the audit events, or (for rows older than the log) from the row itself. */
export const TimelineEntry = z.object({
  status: z.enum(SUBMISSION_STATUSES),
  at: z.string(),
  by: z.string().nullable(),
  reason: z.enum(REJECT_REASONS).nullable(),
  note: z.string().nullable(),
  eventId: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** The submitter's record before this submission; trust = (approved + 1) / (approved + rejected + 2). */
export const SubmitterStats = z.object({
  prior: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  pending: z.number().int(),
  trustScore: z.number().int(),
});
export type SubmitterStats = z.infer<typeof SubmitterStats>;

export const SubmissionDetail = z.object({
  submission: Submission,
  attachments: z.array(Attachment),
  timeline: z.array(TimelineEntry),
  submitterStats: SubmitterStats.nullable(),
});
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

export const ApproveSubmissionBody = z.strictObject({ version: z.number().int().min(1) });
export const RejectSubmissionBody = z
  .strictObject({
    version: z.number().int().min(1),
    reason: z.enum(REJECT_REASONS),
    note: text(1000).trim().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.reason === 'other' && (body.note ?? '').length < 3)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'say why (at least 3 characters) for "other"',
      });
  });
export type RejectSubmissionBody = z.infer<typeof RejectSubmissionBody>;

export const ApproveSubmissionResponse = z.object({ submission: Submission, product: Product });
export const SubmissionResponse = z.object({ submission: Submission });

// ---------- A member's own submissions ----------

/** One attached file, inline: at most 512 KiB decoded (700,000 base64 characters). */
export const SubmitAttachment = z.strictObject({
  filename: text(255)
    .trim()
    .min(1, 'name the file')
    .regex(/^[^/\\]+$/, 'a file name, not a path'),
  contentType: z
    .string()
    .max(100)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as text/plain'),
  contentBase64: z
    .string()
    .max(700_000, 'at most 512 KiB per file')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

/** The submission route's body limit: three full attachments and the text around them. */
export const SUBMISSION_BODY_LIMIT = 3 * 700_000 + 64 * 1024;

export const SubmitProductBody = z.strictObject({
  title: text(200).trim().min(1, 'give it a title'),
  description: text(5000).default(''),
  proposedPrice: money.optional(),
  categoryId: categoryId.optional(),
  attachments: z.array(SubmitAttachment).max(3, 'at most 3 files').default([]),
});
export type SubmitProductBody = z.infer<typeof SubmitProductBody>;

export const MemberSubmission = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  createdAt: z.string(),
});
export const MemberSubmissionResponse = z.object({ submission: MemberSubmission });
