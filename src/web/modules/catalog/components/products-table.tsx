import { RefreshCw } from 'lucide-react';
import type { Product, ProductSort } from '../../../../contracts/catalog.ts';
import { Badge, type Tone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { checkboxClass } from '../../../components/ui/select.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { Enhanced } from '../../../lib/enhanced.tsx';
import { dateTime, relativeTime, useNow } from '../../../lib/time.ts';
import { formatPrice } from '../catalog.api.ts';
import { cellClass, PlainHeader, rowClass, SortHeader, theadClass } from './sort-header.tsx';

const STATUS_TONE: Record<Product['status'], Tone> = { active: 'green', draft: 'neutral', archived: 'amber' };

function When({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={dateTime(iso)} className="whitespace-nowrap tabular-nums">
      {relativeTime(iso, now)}
    </time>
  );
}

function Stock({ product, threshold }: { product: Product; threshold: number | undefined }) {
  if (product.stock === 0)
    return <Badge tone={product.continueSellingWhenOutOfStock ? 'amber' : 'red'}>out</Badge>;
  const low = threshold !== undefined && product.stock <= threshold;
  return (
    <span className={cn('tabular-nums', low && 'font-semibold text-amber-700 dark:text-amber-400')}>
      {product.stock}
      {low && <span className="sr-only"> (low)</span>}
    </span>
  );
}

export function ProductsTable({
  rows,
  sort,
  onSort,
  selected,
  onSelect,
  threshold,
  canManage,
  busyIds,
  onToggle,
  onReindex,
}: {
  rows: Product[];
  sort: ProductSort;
  onSort: (sort: ProductSort) => void;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  threshold: number | undefined;
  canManage: boolean;
  busyIds: Set<string>;
  onToggle: (product: Product, next: boolean) => void;
  onReindex: (product: Product) => void;
}) {
  const now = useNow(30_000);
  const all = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const some = rows.some((row) => selected.has(row.id));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="products-table">
        <thead className={theadClass}>
          <tr>
            <Enhanced>
              <th scope="col" className="px-3 py-2">
                {canManage && (
                  <input
                    type="checkbox"
                    className={checkboxClass}
                    aria-label="Select all loaded products"
                    checked={all}
                    ref={(input) => {
                      if (input) input.indeterminate = some && !all;
                    }}
                    onChange={(event) =>
                      onSelect(
                        rows.map((row) => row.id),
                        event.target.checked,
                      )
                    }
                  />
                )}
              </th>
            </Enhanced>
            <SortHeader label="Title / SKU" column="title" first="asc" sort={sort} onSort={onSort} />
            <SortHeader label="Price" column="price" first="desc" sort={sort} onSort={onSort} />
            <SortHeader label="Stock" column="stock" first="asc" sort={sort} onSort={onSort} />
            <Enhanced>
              <PlainHeader>ContinueWhenOOS</PlainHeader>
            </Enhanced>
            <PlainHeader>Categories</PlainHeader>
            <PlainHeader>Status</PlainHeader>
            <Enhanced>
              <SortHeader label="Created" column="created_at" first="desc" sort={sort} onSort={onSort} />
              <SortHeader label="Updated" column="updated_at" first="desc" sort={sort} onSort={onSort} />
              <PlainHeader>
                <span className="sr-only">Actions</span>
              </PlainHeader>
            </Enhanced>
          </tr>
        </thead>
        <tbody>
          {rows.map((product) => (
            <tr
              key={product.id}
              data-testid="product-row"
              data-sku={product.sku}
              aria-selected={selected.has(product.id)}
              className={cn(rowClass, selected.has(product.id) && 'bg-indigo-50/40 dark:bg-indigo-950/20')}
            >
              <Enhanced>
                <td className={cellClass}>
                  {canManage && (
                    <input
                      type="checkbox"
                      className={checkboxClass}
                      aria-label={`Select ${product.sku}`}
                      checked={selected.has(product.id)}
                      onChange={(event) => onSelect([product.id], event.target.checked)}
                    />
                  )}
                </td>
              </Enhanced>
              <td className={cellClass}>
                <div className="max-w-64 truncate font-medium text-zinc-900 dark:text-zinc-100">
                  {product.title}
                </div>
                <div className="font-mono text-[11px] text-zinc-500">{product.sku}</div>
              </td>
              <td className={cn(cellClass, 'tabular-nums whitespace-nowrap')}>
                {formatPrice(product.price, product.currency)}
              </td>
              <td className={cellClass}>
                <Stock product={product} threshold={threshold} />
              </td>
              <Enhanced>
                <td className={cellClass}>
                  <Switch
                    checked={product.continueSellingWhenOutOfStock}
                    label={`Continue selling ${product.sku} when out of stock`}
                    disabled={!canManage || busyIds.has(product.id)}
                    onChange={(next) => onToggle(product, next)}
                  />
                </td>
              </Enhanced>
              <td className={cellClass}>
                <div className="flex max-w-48 flex-wrap gap-1">
                  {product.categories.map((category) => (
                    <Badge key={category.id}>{category.name}</Badge>
                  ))}
                </div>
              </td>
              <td className={cellClass}>
                <Badge tone={STATUS_TONE[product.status]}>{product.status}</Badge>
              </td>
              <Enhanced>
                <td className={cellClass}>
                  <When iso={product.createdAt} now={now} />
                </td>
                <td className={cellClass}>
                  <When iso={product.updatedAt} now={now} />
                </td>
                <td className={cellClass}>
                  {canManage && (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Reindex ${product.sku}`}
                      title={
                        product.searchStale ? 'Changed since its last indexing' : 'Search index up to date'
                      }
                      disabled={busyIds.has(product.id)}
                      onClick={() => onReindex(product)}
                    >
                      <RefreshCw className="size-3.5" aria-hidden />
                      {product.searchStale ? (
                        <span className="text-amber-700 dark:text-amber-400">Stale</span>
                      ) : (
                        'Reindex'
                      )}
                    </Button>
                  )}
                </td>
              </Enhanced>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
