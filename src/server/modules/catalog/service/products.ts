import { sql } from 'drizzle-orm';
import type {
  CreateProductBody,
  Product,
  ProductBulkResponse,
  UpdateProductBody,
} from '../../../../contracts/catalog.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { EventInput, RequestContext } from '../../../platform/audit/append.ts';
import { alreadyAnswered, type IdempotencyRequest, replayAnswer } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';
import { loadProduct } from './product-rows.ts';

const productEvent = (type: string, product: Product, payload: Record<string, unknown> = {}): EventInput => ({
  type,
  subjectType: 'product',
  subjectId: product.id,
  payload: { sku: product.sku, title: product.title, ...payload },
});

/** Refuses category ids that do not exist (400 naming the field), so nothing is half-written. */
export async function assertCategories(tx: Db, ids: string[], path = 'body.categoryIds'): Promise<void> {
  if (ids.length === 0) return;
  const found = await rows<{ id: string }>(
    tx,
    sql`SELECT id::text AS id FROM categories WHERE id IN ${ids.map((id) => sql`${id}::uuid`)}`,
  );
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length > 0)
    throw new AppError('bad_request', `Invalid input — ${path}: unknown category ${missing[0]}`, [
      { path, message: `unknown category ${missing.join(', ')}` },
    ]);
}

async function setCategories(tx: Db, productId: string, ids: string[]) {
  await tx.execute(sql`DELETE FROM product_categories WHERE product_id = ${productId}::uuid`);
  if (ids.length > 0)
    await tx.execute(sql`
      INSERT INTO product_categories (product_id, category_id)
      SELECT ${productId}::uuid, id FROM categories WHERE id IN ${ids.map((id) => sql`${id}::uuid`)}`);
}

/** A new product (draft unless told otherwise); a SKU already taken is a 400 naming `body.sku`. */
export async function createProduct(
  database: Database,
  context: RequestContext,
  body: CreateProductBody,
  idempotency: IdempotencyRequest | null,
): Promise<Product> {
  return mutate(
    database,
    context,
    async (tx) => {
      await assertCategories(tx, body.categoryIds);
      const [taken] = await rows(tx, sql`SELECT 1 FROM products WHERE sku = ${body.sku}`);
      if (taken)
        throw new AppError('bad_request', `Invalid input — body.sku: ${body.sku} is taken`, [
          { path: 'body.sku', message: `${body.sku} is already used by another product` },
        ]);
      const [created] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO products (sku, title, description, price, currency, stock, continue_selling_when_out_of_stock, status)
            VALUES (${body.sku}, ${body.title}, ${body.description}, ${body.price}::numeric, ${body.currency}, ${body.stock},
                    ${body.continueSellingWhenOutOfStock}, ${body.status})
            RETURNING id::text AS id`,
      );
      await setCategories(tx, created!.id, [...new Set(body.categoryIds)]);
      const product = (await loadProduct(tx, created!.id))!;
      return {
        result: product,
        events: [productEvent('product.created', product, { status: product.status })],
      };
    },
    idempotency,
  );
}

/**
 * Edits a product. The client sends the version it saw; if someone changed the product since, the
 * answer is 409 with the current product and nothing changes. A change of the out-of-stock policy
 * is its own event (`product.oos_policy_changed`, from/to), other fields `product.updated`.
 */
export async function updateProduct(
  database: Database,
  context: RequestContext,
  id: string,
  body: UpdateProductBody,
  idempotency: IdempotencyRequest | null,
): Promise<Product> {
  return mutate(
    database,
    context,
    async (tx) => {
      const before = await loadProduct(tx, id, { lock: true });
      if (!before) throw new AppError('not_found', `No product ${id}`);
      if (before.version !== body.version)
        throw new AppError('conflict', 'Someone changed this product first; here is the current one', {
          product: before,
        });
      if (body.categoryIds) await assertCategories(tx, body.categoryIds);
      await tx.execute(sql`
        UPDATE products SET
          title = ${body.title ?? before.title},
          description = ${body.description ?? before.description},
          price = ${body.price ?? before.price}::numeric,
          stock = ${body.stock ?? before.stock},
          continue_selling_when_out_of_stock = ${body.continueSellingWhenOutOfStock ?? before.continueSellingWhenOutOfStock},
          status = ${body.status ?? before.status},
          version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`);
      if (body.categoryIds) await setCategories(tx, id, [...new Set(body.categoryIds)]);
      const after = (await loadProduct(tx, id))!;
      const events: EventInput[] = [];
      if (after.continueSellingWhenOutOfStock !== before.continueSellingWhenOutOfStock)
        events.push(
          productEvent('product.oos_policy_changed', after, {
            from: before.continueSellingWhenOutOfStock,
            to: after.continueSellingWhenOutOfStock,
          }),
        );
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of ['title', 'description', 'price', 'stock', 'status'] as const)
        if (after[key] !== before[key]) changed[key] = { from: before[key], to: after[key] };
      const names = (product: Product) => product.categories.map((category) => category.name).join(', ');
      if (names(after) !== names(before)) changed.categories = { from: names(before), to: names(after) };
      if (Object.keys(changed).length > 0) events.push(productEvent('product.updated', after, { changed }));
      return { result: after, events };
    },
    idempotency,
  );
}

/** Sets the out-of-stock policy of one product, whatever its version (the bulk action's step). */
async function setContinueSelling(
  database: Database,
  context: RequestContext,
  id: string,
  value: boolean,
): Promise<boolean> {
  return mutate(database, context, async (tx) => {
    const before = await loadProduct(tx, id, { lock: true });
    if (!before) throw new AppError('not_found', `No product ${id}`);
    if (before.continueSellingWhenOutOfStock === value) return { result: false, events: [] };
    await tx.execute(sql`
      UPDATE products SET continue_selling_when_out_of_stock = ${value}, version = version + 1, updated_at = now()
       WHERE id = ${id}::uuid`);
    const after = (await loadProduct(tx, id))!;
    return {
      result: true,
      events: [productEvent('product.oos_policy_changed', after, { from: !value, to: value, bulk: true })],
    };
  });
}

/** Reindexes one product's search document (no edit: its version and updated_at stay). */
export async function reindexProduct(
  database: Database,
  context: RequestContext,
  id: string,
  idempotency: IdempotencyRequest | null = null,
): Promise<Product> {
  return mutate(
    database,
    context,
    async (tx) => {
      const before = await loadProduct(tx, id, { lock: true });
      if (!before) throw new AppError('not_found', `No product ${id}`);
      await tx.execute(sql`
        UPDATE products SET search_vector = catalog_search_vector(title, sku, description),
               search_indexed_at = greatest(now(), updated_at)
         WHERE id = ${id}::uuid`);
      const after = (await loadProduct(tx, id))!;
      return {
        result: after,
        events: [productEvent('product.reindexed', after, { wasStale: before.searchStale })],
      };
    },
    idempotency,
  );
}

/**
 * One mutation per selected product: a row that fails (unknown product) is reported and the others
 * stand. With an Idempotency-Key the whole answer is stored once the rows are done, and a replay
 * answers it without acting again.
 */
export async function runProductBulk(
  database: Database,
  context: RequestContext,
  input: { productIds: string[]; idempotency: IdempotencyRequest | null; onError?: (error: unknown) => void },
  action: (productId: string) => Promise<boolean>,
): Promise<ProductBulkResponse> {
  const { idempotency } = input;
  if (idempotency && (await alreadyAnswered(database.db, context.actor.id, idempotency)))
    return replayAnswer<ProductBulkResponse>(database.db, context.actor.id!, idempotency);
  const results: ProductBulkResponse['results'] = [];
  for (const productId of [...new Set(input.productIds)]) {
    try {
      results.push({ productId, ok: true, changed: await action(productId) });
    } catch (error) {
      if (error instanceof AppError)
        results.push({ productId, ok: false, code: error.code, message: error.message });
      else {
        input.onError?.(error);
        results.push({ productId, ok: false, code: 'internal', message: 'Internal error' });
      }
    }
  }
  const answer: ProductBulkResponse = { results };
  if (!idempotency) return answer;
  return mutate(database, context, async () => ({ result: answer, events: [] }), idempotency);
}

export function bulkContinueSelling(
  database: Database,
  context: RequestContext,
  input: {
    productIds: string[];
    value: boolean;
    idempotency: IdempotencyRequest | null;
    onError?: (error: unknown) => void;
  },
) {
  return runProductBulk(database, context, input, (id) =>
    setContinueSelling(database, context, id, input.value),
  );
}

export function bulkReindex(
  database: Database,
  context: RequestContext,
  input: { productIds: string[]; idempotency: IdempotencyRequest | null; onError?: (error: unknown) => void },
) {
  return runProductBulk(database, context, input, async (id) => {
    await reindexProduct(database, context, id);
    return true;
  });
}

/**
 * The stale-index job's work: reindexes products changed after their last indexing, a batch at a
 * time, and records one `catalog.search_reindexed` event per batch (not one per row).
 */
export async function reindexStale(
  database: Database,
  context: RequestContext,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<{ reindexed: number }> {
  const batch = options.batch ?? 1000;
  let reindexed = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i++) {
    const done = await mutate(database, context, async (tx) => {
      const updated = await rows<{ id: string }>(
        tx,
        sql`UPDATE products p SET search_vector = catalog_search_vector(p.title, p.sku, p.description),
                   search_indexed_at = greatest(now(), p.updated_at)
             WHERE p.id IN (SELECT id FROM products
                             WHERE search_indexed_at IS NULL OR updated_at > search_indexed_at
                             ORDER BY updated_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)
            RETURNING p.id::text AS id`,
      );
      return {
        result: updated.length,
        events:
          updated.length > 0
            ? [
                {
                  type: 'catalog.search_reindexed',
                  subjectType: 'catalog',
                  subjectId: 'products',
                  payload: { count: updated.length },
                },
              ]
            : [],
      };
    });
    reindexed += done;
    if (done < batch) break;
  }
  return { reindexed };
}
