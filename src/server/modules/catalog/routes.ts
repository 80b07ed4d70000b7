import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApproveSubmissionBody,
  ApproveSubmissionResponse,
  AttachmentParams,
  BulkContinueSellingBody,
  BulkProductsBody,
  CategoriesExportQuery,
  CategoriesListQuery,
  CategoriesListResponse,
  CategoryResponse,
  CreateCategoryBody,
  CreateProductBody,
  LowStockResponse,
  MemberSubmissionResponse,
  MergeCategoriesBody,
  MergeCategoriesResponse,
  ProductBulkResponse,
  ProductIdParams,
  ProductResponse,
  ProductsExportQuery,
  ProductsListQuery,
  ProductsListResponse,
  ReindexStaleResponse,
  RejectSubmissionBody,
  SearchIndexStatus,
  SUBMISSION_BODY_LIMIT,
  SubmissionDetail,
  SubmissionIdParams,
  SubmissionResponse,
  SubmissionsExportQuery,
  SubmissionsListQuery,
  SubmissionsListResponse,
  SubmitProductBody,
  UpdateProductBody,
} from '../../../contracts/catalog.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import { AppError } from '../../errors.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { readSettings } from '../system/index.ts';
import { createCategory, listCategories, mergeCategories } from './service/categories.ts';
import {
  CATEGORY_EXPORT_COLUMNS,
  PRODUCT_EXPORT_COLUMNS,
  SUBMISSION_EXPORT_COLUMNS,
} from './service/export-catalog.ts';
import { listProducts, lowStock, searchIndexStatus } from './service/list-products.ts';
import { loadProduct } from './service/product-rows.ts';
import {
  bulkContinueSelling,
  bulkReindex,
  createProduct,
  reindexProduct,
  reindexStale,
  updateProduct,
} from './service/products.ts';
import {
  approveSubmission,
  attachmentFile,
  listSubmissions,
  rejectSubmission,
  submissionDetail,
  submitProduct,
} from './service/submissions.ts';

const errors = ERROR_RESPONSES;

/**
 * The catalog: Products, Categories and Submissions. Staff who may see the shop (view_catalog) read;
 * manage_catalog changes. Every change is one mutation with its event.
 */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, keys, config } = app.mc;
  const { db } = database;
  const cursorKey = keys.checkpoint;
  const threshold = async () => (await readSettings({ db, config })).lowStockThreshold;

  // ---------- Products ----------

  app.get(
    '/api/admin/products',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { querystring: ProductsListQuery, response: { 200: ProductsListResponse, ...errors } },
    },
    async (request) =>
      listProducts(await readerFor(request), request.query, { cursorKey, threshold: await threshold() }),
  );

  // CSV exports: each list's own guard, filters, sort and rows (platform/export.ts).
  app.get(
    '/api/admin/products/export',
    {
      config: { guard: 'view_catalog' },
      schema: { querystring: ProductsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      const options = { cursorKey, threshold: await threshold(), counts: false };
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'products',
        filter: request.query,
        columns: PRODUCT_EXPORT_COLUMNS,
        pages: listPages((paging) => listProducts(reader, { ...request.query, ...paging }, options)),
      });
    },
  );

  app.get(
    '/api/admin/products/low-stock',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { response: { 200: LowStockResponse, ...errors } },
    },
    async () => lowStock(db, await threshold()),
  );

  app.get(
    '/api/admin/products/search-index',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { response: { 200: SearchIndexStatus, ...errors } },
    },
    async () => searchIndexStatus(db),
  );

  app.post(
    '/api/admin/products/search-index/reindex',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { response: { 200: ReindexStaleResponse, ...errors } },
    },
    async (request) => {
      // What the job does, now: every stale product, in batches, one event per batch.
      const { reindexed } = await reindexStale(database, request.context);
      return { reindexed, status: await searchIndexStatus(db) };
    },
  );

  app.post(
    '/api/admin/products',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { body: CreateProductBody, response: { 200: ProductResponse, ...errors } },
    },
    async (request) => ({
      product: await createProduct(database, request.context, request.body, request.idempotency),
    }),
  );

  app.get(
    '/api/admin/products/:id',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { params: ProductIdParams, response: { 200: ProductResponse, ...errors } },
    },
    async (request) => {
      const product = await loadProduct(db, request.params.id);
      if (!product) throw new AppError('not_found', `No product ${request.params.id}`);
      return { product };
    },
  );

  app.patch(
    '/api/admin/products/:id',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: {
        params: ProductIdParams,
        body: UpdateProductBody,
        response: { 200: ProductResponse, ...errors },
      },
    },
    async (request) => ({
      product: await updateProduct(
        database,
        request.context,
        request.params.id,
        request.body,
        request.idempotency,
      ),
    }),
  );

  app.post(
    '/api/admin/products/:id/reindex',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { params: ProductIdParams, response: { 200: ProductResponse, ...errors } },
    },
    async (request) => ({
      product: await reindexProduct(database, request.context, request.params.id, request.idempotency),
    }),
  );

  app.post(
    '/api/admin/products/bulk/continue-selling',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { body: BulkContinueSellingBody, response: { 200: ProductBulkResponse, ...errors } },
    },
    async (request) =>
      bulkContinueSelling(database, request.context, {
        productIds: request.body.productIds,
        value: request.body.continueSellingWhenOutOfStock,
        idempotency: request.idempotency,
        onError: (error) => request.log.error({ err: error }, 'bulk continue-selling failed for a row'),
      }),
  );

  app.post(
    '/api/admin/products/bulk/reindex',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { body: BulkProductsBody, response: { 200: ProductBulkResponse, ...errors } },
    },
    async (request) =>
      bulkReindex(database, request.context, {
        productIds: request.body.productIds,
        idempotency: request.idempotency,
        onError: (error) => request.log.error({ err: error }, 'bulk reindex failed for a row'),
      }),
  );

  // ---------- Categories ----------

  app.get(
    '/api/admin/categories',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { querystring: CategoriesListQuery, response: { 200: CategoriesListResponse, ...errors } },
    },
    async (request) => listCategories(await readerFor(request), request.query, { cursorKey }),
  );

  app.get(
    '/api/admin/categories/export',
    {
      config: { guard: 'view_catalog' },
      schema: { querystring: CategoriesExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'categories',
        filter: request.query,
        columns: CATEGORY_EXPORT_COLUMNS,
        pages: listPages((paging) => listCategories(reader, { ...request.query, ...paging }, { cursorKey })),
      });
    },
  );

  app.post(
    '/api/admin/categories',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { body: CreateCategoryBody, response: { 200: CategoryResponse, ...errors } },
    },
    async (request) => ({
      category: await createCategory(database, request.context, request.body, request.idempotency),
    }),
  );

  app.post(
    '/api/admin/categories/merge',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: { body: MergeCategoriesBody, response: { 200: MergeCategoriesResponse, ...errors } },
    },
    async (request) => mergeCategories(database, request.context, request.body, request.idempotency),
  );

  // ---------- Submissions ----------

  app.get(
    '/api/admin/submissions',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { querystring: SubmissionsListQuery, response: { 200: SubmissionsListResponse, ...errors } },
    },
    async (request) => listSubmissions(await readerFor(request), request.query, { cursorKey }),
  );

  app.get(
    '/api/admin/submissions/export',
    {
      config: { guard: 'view_catalog' },
      schema: { querystring: SubmissionsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'submissions',
        filter: request.query,
        columns: SUBMISSION_EXPORT_COLUMNS,
        pages: listPages((paging) => listSubmissions(reader, { ...request.query, ...paging }, { cursorKey })),
      });
    },
  );

  app.get(
    '/api/admin/submissions/:id',
    {
      config: { guard: 'view_catalog', readOnly: true },
      schema: { params: SubmissionIdParams, response: { 200: SubmissionDetail, ...errors } },
    },
    async (request) => submissionDetail(db, request.params.id),
  );

  app.get(
    '/api/admin/submissions/:id/attachments/:attachmentId',
    {
      config: { guard: 'view_catalog' },
      schema: {
        params: AttachmentParams,
        response: {
          200: {
            description: 'The file, as a download: text as it was sent, anything else as bytes',
            content: {
              'text/*': { schema: z.string() },
              'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const file = await attachmentFile(db, request.params.id, request.params.attachmentId);
      // Always a download, never rendered in the console's origin.
      const safeName = file.filename.replace(/[^\w.-]+/g, '_');
      return reply
        .type(
          file.contentType.startsWith('text/')
            ? `${file.contentType}; charset=utf-8`
            : 'application/octet-stream',
        )
        .header('content-disposition', `attachment; filename="${safeName}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content as never);
    },
  );

  app.post(
    '/api/admin/submissions/:id/approve',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: {
        params: SubmissionIdParams,
        body: ApproveSubmissionBody,
        response: { 200: ApproveSubmissionResponse, ...errors },
      },
    },
    async (request) =>
      approveSubmission(
        database,
        request.context,
        request.params.id,
        request.body.version,
        request.idempotency,
      ),
  );

  app.post(
    '/api/admin/submissions/:id/reject',
    {
      config: { guard: 'manage_catalog', idempotent: true },
      schema: {
        params: SubmissionIdParams,
        body: RejectSubmissionBody,
        response: { 200: SubmissionResponse, ...errors },
      },
    },
    async (request) => ({
      submission: await rejectSubmission(
        database,
        request.context,
        request.params.id,
        request.body,
        request.idempotency,
      ),
    }),
  );

  // ---------- A member's proposal ----------

  app.post(
    '/api/user/submissions',
    {
      config: { guard: 'signed_in', idempotent: true },
      // Above the app's 1 MiB default: the files come inline (SubmitProductBody).
      bodyLimit: SUBMISSION_BODY_LIMIT,
      schema: { body: SubmitProductBody, response: { 200: MemberSubmissionResponse, ...errors } },
    },
    async (request) => ({
      submission: await submitProduct(database, request.context, request.body, request.idempotency),
    }),
  );
};
