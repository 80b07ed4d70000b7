import { getRouteApi } from '@tanstack/react-router';
import { Merge } from 'lucide-react';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { cn } from '../../components/ui/cn.ts';
import { checkboxClass } from '../../components/ui/select.tsx';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { Enhanced, useEnhanced } from '../../lib/enhanced.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { dateTime } from '../../lib/time.ts';
import { can, useMe } from '../auth/auth.api.ts';
import {
  type CategoriesSearch,
  categoriesExportHref,
  DEFAULT_CATEGORY_SORT,
  useCategories,
  useMergeCategories,
} from './catalog.api.ts';
import { CategoryMergeDialog } from './components/category-merge-dialog.tsx';
import { cellClass, PlainHeader, rowClass, SortHeader, theadClass } from './components/sort-header.tsx';

const route = getRouteApi('/_console/categories');
const exact = new Intl.NumberFormat();

function Day({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={dateTime(iso)} className="whitespace-nowrap tabular-nums">
      {new Date(iso).toLocaleDateString()}
    </time>
  );
}

export function CategoriesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const canManage = can(me, 'manage_catalog');
  const categories = useCategories(search);
  const rows = useMemo(() => categories.data?.pages.flatMap((page) => page.rows) ?? [], [categories.data]);
  const [selected, setSelected] = useState<string[]>([]);
  const [merging, setMerging] = useState(false);
  const merge = useMergeCategories();
  const enhanced = useEnhanced();
  usePageTelemetry('/categories', '/api/admin/categories', categories.data ? rows.length : undefined);
  const sort = search.sort ?? DEFAULT_CATEGORY_SORT;
  const apply = (next: CategoriesSearch) =>
    void navigate({
      search: Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)),
    });

  function onMerge(body: { sourceIds: string[]; targetId: string }) {
    merge.mutate(body, {
      onSuccess: (answer) => {
        toast.success(
          `Merged ${answer.removed.map((row) => row.name).join(', ')} into ${answer.target.name}: ${answer.moved} products moved`,
        );
        setMerging(false);
        setSelected([]);
        merge.reset();
      },
    });
  }

  return (
    <div className="mx-auto max-w-[72rem]">
      <PageHeader
        title="Categories"
        description="How the catalog is grouped, and how many products each group holds."
        actions={
          <>
            <ExportLink href={categoriesExportHref(search)} testId="categories-export" />
            {canManage && enhanced ? (
              <Button
                onClick={() => {
                  merge.reset();
                  setMerging(true);
                }}
                disabled={rows.length < 2}
              >
                <Merge className="size-4" aria-hidden /> Merge categories
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        {categories.data ? (
          rows.length === 0 ? (
            <EmptyState title="No categories yet">
              Categories appear here once created (or after `npm run demo:seed`).
            </EmptyState>
          ) : (
            <>
              <div className="overflow-x-auto">
                <table className="w-full text-left text-xs" data-testid="categories-table">
                  <thead className={theadClass}>
                    <tr>
                      <Enhanced>
                        <PlainHeader>
                          <span className="sr-only">Select</span>
                        </PlainHeader>
                      </Enhanced>
                      <SortHeader
                        label="Name"
                        column="name"
                        first="asc"
                        sort={sort}
                        onSort={(next) => apply({ ...search, sort: next })}
                      />
                      <Enhanced>
                        <SortHeader
                          label="ProductsCount"
                          column="products"
                          first="desc"
                          sort={sort}
                          onSort={(next) => apply({ ...search, sort: next })}
                        />
                        <SortHeader
                          label="Created"
                          column="created_at"
                          first="desc"
                          sort={sort}
                          onSort={(next) => apply({ ...search, sort: next })}
                        />
                        <SortHeader
                          label="Updated"
                          column="updated_at"
                          first="desc"
                          sort={sort}
                          onSort={(next) => apply({ ...search, sort: next })}
                        />
                      </Enhanced>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((category) => (
                      <tr
                        key={category.id}
                        data-testid="category-row"
                        className={cn(
                          rowClass,
                          selected.includes(category.id) && 'bg-indigo-50/40 dark:bg-indigo-950/20',
                        )}
                      >
                        <Enhanced>
                          <td className={cellClass}>
                            {canManage && (
                              <input
                                type="checkbox"
                                className={checkboxClass}
                                aria-label={`Select ${category.name}`}
                                checked={selected.includes(category.id)}
                                onChange={(event) =>
                                  setSelected((previous) =>
                                    event.target.checked
                                      ? [...previous, category.id]
                                      : previous.filter((id) => id !== category.id),
                                  )
                                }
                              />
                            )}
                          </td>
                        </Enhanced>
                        <td className={cellClass}>
                          <div className="font-medium text-zinc-900 dark:text-zinc-100">{category.name}</div>
                          <div className="font-mono text-[11px] text-zinc-500">{category.slug}</div>
                        </td>
                        <Enhanced>
                          <td className={cn(cellClass, 'tabular-nums')} data-testid="category-count">
                            {exact.format(category.productsCount)}
                          </td>
                          <td className={cellClass}>
                            <Day iso={category.createdAt} />
                          </td>
                          <td className={cellClass}>
                            <Day iso={category.updatedAt} />
                          </td>
                        </Enhanced>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="flex items-center justify-between px-4 py-3 text-xs text-zinc-500">
                <span>
                  {exact.format(rows.length)} of {exact.format(categories.data.pages[0]?.total.value ?? 0)}
                </span>
                {categories.hasNextPage && (
                  <Button
                    size="sm"
                    onClick={() => void categories.fetchNextPage()}
                    disabled={categories.isFetchingNextPage}
                  >
                    Load more
                  </Button>
                )}
              </div>
            </>
          )
        ) : categories.isError ? (
          <ErrorState
            error={categories.error}
            onRetry={() => void categories.refetch()}
            title="Could not load categories"
          />
        ) : (
          <SkeletonRows rows={8} label="Loading categories" />
        )}
      </Card>
      {merging && (
        <CategoryMergeDialog
          categories={rows}
          initialSources={selected}
          pending={merge.isPending}
          error={merge.error}
          onClose={() => setMerging(false)}
          onMerge={onMerge}
        />
      )}
    </div>
  );
}
