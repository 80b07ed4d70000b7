import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  CATEGORY_SORTS,
  type CategoriesListResponse,
  type CategorySort,
  type LowStockResponse,
  type MergeCategoriesResponse,
  PRODUCT_SORTS,
  PRODUCT_STATUSES,
  type Product,
  type ProductBulkResponse,
  type ProductSort,
  type ProductStatus,
  type ProductsListResponse,
  type RejectReason,
  type SearchIndexStatus,
  SUBMISSION_STATUSES,
  type Submission,
  type SubmissionDetail,
  type SubmissionStatus,
  type SubmissionsListResponse,
} from '../../../contracts/catalog.ts';
import { api, newIdempotencyKey, toQuery } from '../../lib/api.ts';

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (value: unknown) => (typeof value === 'string' && GUID.test(value) ? value : undefined);
const PAGE_SIZE = 50;

// ---------- Products ----------

export type ProductsSearch = {
  query?: string;
  category?: string;
  status?: ProductStatus;
  stock?: 'low' | 'out';
  continueSelling?: boolean;
  sort?: ProductSort;
};
export const DEFAULT_PRODUCT_SORT: ProductSort = 'created_at:desc';

/** Reads the URL leniently: an unknown value is dropped rather than sent to the API as a 400. */
export function parseProductsSearch(search: Record<string, unknown>): ProductsSearch {
  const out: ProductsSearch = {};
  const query = typeof search.query === 'number' ? String(search.query) : search.query;
  if (typeof query === 'string' && query.trim()) out.query = query.trim().slice(0, 200);
  const category = guid(search.category);
  if (category) out.category = category;
  const status = oneOf(PRODUCT_STATUSES, search.status);
  if (status) out.status = status;
  const stock = oneOf(['low', 'out'] as const, search.stock);
  if (stock) out.stock = stock;
  if (search.continueSelling === true || search.continueSelling === 'true') out.continueSelling = true;
  if (search.continueSelling === false || search.continueSelling === 'false') out.continueSelling = false;
  const sort = oneOf(PRODUCT_SORTS, search.sort);
  if (sort && sort !== DEFAULT_PRODUCT_SORT) out.sort = sort;
  return out;
}

export const PRODUCTS_PATH = '/api/admin/products';

/** The Products list's CSV for the filters and sort on screen (platform/export.ts). */
export function productsExportHref(search: ProductsSearch): string {
  return `${PRODUCTS_PATH}/export${toQuery({
    ...search,
    continueSelling: search.continueSelling === undefined ? undefined : String(search.continueSelling),
    sort: search.sort ?? DEFAULT_PRODUCT_SORT,
  })}`;
}

export function useProducts(search: ProductsSearch) {
  return useInfiniteQuery({
    queryKey: ['catalog', 'products', search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<ProductsListResponse>(
        `${PRODUCTS_PATH}${toQuery({
          ...search,
          continueSelling: search.continueSelling === undefined ? undefined : String(search.continueSelling),
          sort: search.sort ?? DEFAULT_PRODUCT_SORT,
          pageSize: PAGE_SIZE,
          cursor: pageParam,
        })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useLowStock() {
  return useQuery({
    queryKey: ['catalog', 'low-stock'],
    queryFn: ({ signal }) => api<LowStockResponse>(`${PRODUCTS_PATH}/low-stock`, { signal }),
  });
}

export function useSearchIndex() {
  return useQuery({
    queryKey: ['catalog', 'search-index'],
    queryFn: ({ signal }) => api<SearchIndexStatus>(`${PRODUCTS_PATH}/search-index`, { signal }),
  });
}

export function useReindexStale() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: () =>
      api<{ reindexed: number; status: SearchIndexStatus }>(`${PRODUCTS_PATH}/search-index/reindex`, {
        body: {},
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

function useRefreshCatalog() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['catalog'] });
}

/** A single edit (the row's ContinueWhenOOS switch): carries the version the row showed. */
export function useUpdateProduct() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: ({
      product,
      change,
    }: {
      product: Product;
      change: { continueSellingWhenOutOfStock: boolean };
    }) =>
      api<{ product: Product }>(`${PRODUCTS_PATH}/${product.id}`, {
        method: 'PATCH',
        body: { version: product.version, ...change },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

export function useReindexProduct() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ product: Product }>(`${PRODUCTS_PATH}/${id}/reindex`, {
        body: {},
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

export type ProductBulk = { kind: 'continue-selling'; value: boolean } | { kind: 'reindex' };

export function useProductBulk() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: ({ action, productIds }: { action: ProductBulk; productIds: string[] }) =>
      api<ProductBulkResponse>(`${PRODUCTS_PATH}/bulk/${action.kind}`, {
        body:
          action.kind === 'continue-selling'
            ? { productIds, continueSellingWhenOutOfStock: action.value }
            : { productIds },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

// ---------- Categories ----------

export type CategoriesSearch = { query?: string; sort?: CategorySort };
export const DEFAULT_CATEGORY_SORT: CategorySort = 'name:asc';

export function parseCategoriesSearch(search: Record<string, unknown>): CategoriesSearch {
  const out: CategoriesSearch = {};
  if (typeof search.query === 'string' && search.query.trim()) out.query = search.query.trim().slice(0, 200);
  const sort = oneOf(CATEGORY_SORTS, search.sort);
  if (sort && sort !== DEFAULT_CATEGORY_SORT) out.sort = sort;
  return out;
}

export function categoriesExportHref(search: CategoriesSearch): string {
  return `/api/admin/categories/export${toQuery({ ...search, sort: search.sort ?? DEFAULT_CATEGORY_SORT })}`;
}

export function useCategories(search: CategoriesSearch, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({
    queryKey: ['catalog', 'categories', search, pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<CategoriesListResponse>(
        `/api/admin/categories${toQuery({ ...search, sort: search.sort ?? DEFAULT_CATEGORY_SORT, pageSize, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useMergeCategories() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: (body: { sourceIds: string[]; targetId: string }) =>
      api<MergeCategoriesResponse>('/api/admin/categories/merge', {
        body,
        idempotencyKey: newIdempotencyKey(),
      }),
    onSettled: refresh,
  });
}

// ---------- Submissions ----------

export type SubmissionsSearch = { status?: SubmissionStatus; submission?: string };

export function parseSubmissionsSearch(search: Record<string, unknown>): SubmissionsSearch {
  const out: SubmissionsSearch = {};
  const status = oneOf(SUBMISSION_STATUSES, search.status);
  if (status) out.status = status;
  const submission = guid(search.submission);
  if (submission) out.submission = submission;
  return out;
}

export function submissionsExportHref(status: SubmissionStatus | undefined): string {
  return `/api/admin/submissions/export${toQuery({ status })}`;
}

export function useSubmissions(status: SubmissionStatus | undefined) {
  return useInfiniteQuery({
    queryKey: ['catalog', 'submissions', status ?? 'all'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<SubmissionsListResponse>(
        `/api/admin/submissions${toQuery({ status, pageSize: PAGE_SIZE, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useSubmission(id: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'submission', id ?? ''],
    queryFn: ({ signal }) => api<SubmissionDetail>(`/api/admin/submissions/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export type SubmissionDecision =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: RejectReason; note?: string };

export function useDecideSubmission() {
  const refresh = useRefreshCatalog();
  return useMutation({
    mutationFn: ({ submission, decision }: { submission: Submission; decision: SubmissionDecision }) =>
      api<{ submission: Submission; product?: Product }>(
        `/api/admin/submissions/${submission.id}/${decision.kind}`,
        {
          body:
            decision.kind === 'approve'
              ? { version: submission.version }
              : {
                  version: submission.version,
                  reason: decision.reason,
                  ...(decision.note ? { note: decision.note } : {}),
                },
          idempotencyKey: newIdempotencyKey(),
        },
      ),
    onSettled: refresh,
  });
}

export const formatPrice = (price: string | null, currency = 'usd') =>
  price === null
    ? '—'
    : new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(
        Number(price),
      );
