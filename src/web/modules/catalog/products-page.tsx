import { getRouteApi } from '@tanstack/react-router';
import { AlertTriangle, RefreshCw, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import type { Product, ProductBulkResponse } from '../../../contracts/catalog.ts';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { ApiError } from '../../lib/api.ts';
import { Enhanced, useEnhanced } from '../../lib/enhanced.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { can, useMe } from '../auth/auth.api.ts';
import {
  DEFAULT_PRODUCT_SORT,
  PRODUCTS_PATH,
  type ProductBulk,
  type ProductsSearch,
  productsExportHref,
  useLowStock,
  useProductBulk,
  useProducts,
  useReindexProduct,
  useReindexStale,
  useSearchIndex,
  useUpdateProduct,
} from './catalog.api.ts';
import { ProductsFilters } from './components/products-filters.tsx';
import { ProductsTable } from './components/products-table.tsx';

const route = getRouteApi('/_console/products');
const exact = new Intl.NumberFormat();

/** The % Low Stock card: a click filters the list to the low-stock products. */
function LowStockCard({ active, onFilter }: { active: boolean; onFilter: () => void }) {
  const low = useLowStock();
  return (
    <Card className="mb-4">
      <button
        type="button"
        onClick={onFilter}
        aria-pressed={active}
        data-testid="low-stock-card"
        className="flex w-full items-center gap-4 rounded-lg p-4 text-left hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-pressed:ring-2 aria-pressed:ring-amber-400 dark:hover:bg-zinc-900"
      >
        <AlertTriangle className="size-6 shrink-0 text-amber-500" aria-hidden />
        {low.data ? (
          <div>
            <div className="text-lg font-semibold text-zinc-900 sm:text-xl tabular-nums dark:text-zinc-100">
              {low.data.percentage.toFixed(1)} % low stock
            </div>
            <div className="text-xs text-zinc-500">
              {exact.format(low.data.low)} of {exact.format(low.data.total)} products have 1–
              {low.data.threshold} left (threshold from System → Settings) ·{' '}
              {exact.format(low.data.outOfStock)} out of stock
            </div>
          </div>
        ) : low.isError ? (
          <span className="text-sm text-red-600">Low-stock figures could not load</span>
        ) : (
          <span className="text-sm text-zinc-500">Counting stock…</span>
        )}
      </button>
    </Card>
  );
}

/** The search index: fresh, or how many products changed since their last indexing. */
function SearchIndexCard({ canManage }: { canManage: boolean }) {
  const status = useSearchIndex();
  const reindex = useReindexStale();
  return (
    <Card className="mb-4">
      <div className="flex items-center gap-4 p-4" data-testid="search-index-card">
        <RefreshCw className="size-6 shrink-0 text-indigo-500" aria-hidden />
        <div className="min-w-0 flex-1">
          {status.data ? (
            <>
              <div className="text-lg font-semibold text-zinc-900 sm:text-xl dark:text-zinc-100">
                Search index {status.data.state}
              </div>
              <div className="text-xs text-zinc-500">
                {exact.format(status.data.stale)} of {exact.format(status.data.products)} products changed
                since their last indexing; the reindex job catches up every 5 minutes
              </div>
            </>
          ) : (
            <span className="text-sm text-zinc-500">
              {status.isError ? 'Index status could not load' : 'Reading…'}
            </span>
          )}
        </div>
        {canManage && status.data && status.data.stale > 0 && (
          <Button
            size="sm"
            disabled={reindex.isPending}
            onClick={() =>
              reindex.mutate(undefined, {
                onSuccess: (answer) => toast.success(`${answer.reindexed} products reindexed`),
                onError: (error) => toast.error(error.message),
              })
            }
          >
            Reindex stale now
          </Button>
        )}
      </div>
    </Card>
  );
}

function BulkResults({
  results,
  skuOf,
  onDismiss,
}: {
  results: ProductBulkResponse['results'];
  skuOf: (id: string) => string;
  onDismiss: () => void;
}) {
  const failed = results.filter((row) => !row.ok);
  const changed = results.filter((row) => row.ok && row.changed).length;
  const unchanged = results.filter((row) => row.ok && !row.changed).length;
  return (
    <div
      role="status"
      data-testid="bulk-results"
      className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-100 bg-zinc-50 px-4 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div>
        <p>
          {changed} changed, {unchanged} already so, {failed.length} failed
        </p>
        {failed.length > 0 && (
          <ul className="mt-1 list-disc pl-4 text-red-600 dark:text-red-400">
            {failed.map((row) => (
              <li key={row.productId}>
                {skuOf(row.productId)}: {row.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <Button size="sm" variant="ghost" aria-label="Dismiss results" onClick={onDismiss}>
        <X className="size-3.5" aria-hidden />
      </Button>
    </div>
  );
}

export function ProductsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const canManage = can(me, 'manage_catalog');
  const products = useProducts(search);
  const lowStock = useLowStock();
  const rows = useMemo(() => products.data?.pages.flatMap((page) => page.rows) ?? [], [products.data]);
  const total = products.data?.pages[0]?.total;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const enhanced = useEnhanced();
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<ProductBulkResponse['results'] | null>(null);
  const update = useUpdateProduct();
  const reindex = useReindexProduct();
  const bulk = useProductBulk();
  const searchKey = JSON.stringify(search);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list drops the old selection
  useEffect(() => {
    setSelected(new Set());
    setResults(null);
  }, [searchKey]);
  usePageTelemetry('/products', PRODUCTS_PATH, products.data ? rows.length : undefined);

  const apply = (next: ProductsSearch) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
    void navigate({ search: clean });
  };
  const select = (ids: string[], on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      for (const id of ids) on ? next.add(id) : next.delete(id);
      return next;
    });
  const working = (id: string, on: boolean) =>
    setBusy((previous) => {
      const next = new Set(previous);
      on ? next.add(id) : next.delete(id);
      return next;
    });

  async function toggle(product: Product, next: boolean) {
    working(product.id, true);
    try {
      await update.mutateAsync({ product, change: { continueSellingWhenOutOfStock: next } });
      toast.success(`${product.sku}: continue selling when out of stock ${next ? 'on' : 'off'}`);
    } catch (error) {
      toast.error(
        error instanceof ApiError && error.status === 409
          ? `${product.sku} changed meanwhile; the list now shows it as it is`
          : error instanceof Error
            ? error.message
            : 'Could not change it',
      );
    } finally {
      working(product.id, false);
    }
  }

  async function reindexOne(product: Product) {
    working(product.id, true);
    try {
      await reindex.mutateAsync(product.id);
      toast.success(`${product.sku} reindexed`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'Could not reindex');
    } finally {
      working(product.id, false);
    }
  }

  async function runBulk(action: ProductBulk) {
    try {
      const answer = await bulk.mutateAsync({ action, productIds: [...selected] });
      setResults(answer.results);
      setSelected(new Set());
      const failed = answer.results.filter((row) => !row.ok).length;
      if (failed) toast.warning(`${answer.results.length - failed} done, ${failed} failed`);
      else toast.success(`${answer.results.length} products done`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'Bulk action failed');
    }
  }

  const skuOf = (id: string) => rows.find((row) => row.id === id)?.sku ?? id;
  const filtered = Object.keys(search).some((key) => key !== 'sort');

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Products"
        description="The shop's catalog: stock, the out-of-stock policy and the search index."
        actions={
          <>
            {total ? (
              <span className="text-sm text-zinc-500" data-testid="products-total">
                {total.estimated ? '≈ ' : ''}
                {exact.format(total.value)} products
              </span>
            ) : null}
            <ExportLink href={productsExportHref(search)} testId="products-export" />
          </>
        }
      />
      <Enhanced>
        <div className="grid gap-x-4 lg:grid-cols-2">
          <LowStockCard
            active={search.stock === 'low'}
            onFilter={() => apply({ ...search, stock: search.stock === 'low' ? undefined : 'low' })}
          />
          <SearchIndexCard canManage={canManage} />
        </div>
      </Enhanced>
      <Card>
        <ProductsFilters search={search} onApply={apply} />
        {enhanced && selected.size > 0 && (
          <div
            data-testid="products-bulk-bar"
            className="flex flex-wrap items-center gap-2 border-b border-zinc-100 bg-indigo-50/60 px-4 py-2 text-xs dark:border-zinc-800 dark:bg-indigo-950/30"
          >
            <span className="font-medium">{selected.size} selected</span>
            <Button
              size="sm"
              disabled={bulk.isPending}
              onClick={() => runBulk({ kind: 'continue-selling', value: true })}
            >
              ContinueWhenOOS on
            </Button>
            <Button
              size="sm"
              disabled={bulk.isPending}
              onClick={() => runBulk({ kind: 'continue-selling', value: false })}
            >
              ContinueWhenOOS off
            </Button>
            <Button size="sm" disabled={bulk.isPending} onClick={() => runBulk({ kind: 'reindex' })}>
              <RefreshCw className="size-3.5" aria-hidden /> Reindex search
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear
            </Button>
          </div>
        )}
        {results && <BulkResults results={results} skuOf={skuOf} onDismiss={() => setResults(null)} />}
        {products.data ? (
          rows.length === 0 ? (
            <EmptyState
              title={filtered ? 'No products match' : 'No products yet'}
              action={
                filtered ? (
                  <Button size="sm" onClick={() => apply({ sort: search.sort })}>
                    Clear filters
                  </Button>
                ) : undefined
              }
            >
              {filtered
                ? 'Try other words or loosen a filter. New and edited products are found once reindexed.'
                : 'Products appear here once created (or after `npm run demo:seed`).'}
            </EmptyState>
          ) : (
            <>
              <ProductsTable
                rows={rows}
                sort={search.sort ?? DEFAULT_PRODUCT_SORT}
                onSort={(sort) =>
                  apply({ ...search, sort: sort === DEFAULT_PRODUCT_SORT ? undefined : sort })
                }
                selected={selected}
                onSelect={select}
                threshold={lowStock.data?.threshold}
                canManage={canManage}
                busyIds={busy}
                onToggle={toggle}
                onReindex={reindexOne}
              />
              <div className="flex items-center justify-between px-4 py-3 text-xs text-zinc-500">
                <span>
                  {exact.format(rows.length)} shown
                  {total && ` of ${total.estimated ? '≈ ' : ''}${exact.format(total.value)}`}
                </span>
                {products.hasNextPage && (
                  <Button
                    size="sm"
                    onClick={() => void products.fetchNextPage()}
                    disabled={products.isFetchingNextPage}
                  >
                    {products.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                )}
              </div>
            </>
          )
        ) : products.isError ? (
          <ErrorState
            error={products.error}
            onRetry={() => void products.refetch()}
            title="Could not load products"
          />
        ) : (
          <SkeletonRows rows={12} label="Loading products" />
        )}
      </Card>
    </div>
  );
}
