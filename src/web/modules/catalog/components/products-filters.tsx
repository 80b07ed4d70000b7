import { Search } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { PRODUCT_STATUSES } from '../../../../contracts/catalog.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { type ProductsSearch, useCategories } from '../catalog.api.ts';

/** Search and filters; each select applies at once, the search on Enter. */
export function ProductsFilters({
  search,
  onApply,
}: {
  search: ProductsSearch;
  onApply: (next: ProductsSearch) => void;
}) {
  const [text, setText] = useState(search.query ?? '');
  useEffect(() => setText(search.query ?? ''), [search.query]);
  const categories = useCategories({}, 100);
  const options = categories.data?.pages.flatMap((page) => page.rows) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...search, query: text.trim() || undefined });
  };
  const set = (patch: Partial<ProductsSearch>) => onApply({ ...search, ...patch });
  return (
    <form
      onSubmit={submit}
      aria-label="Filter products"
      className="flex flex-wrap items-center gap-2 border-b border-zinc-100 p-3 dark:border-zinc-800"
    >
      <div className="relative w-full min-w-48 sm:w-auto sm:flex-1">
        <Search className="absolute top-2.5 left-2.5 size-4 text-zinc-400" aria-hidden />
        <Input
          aria-label="Search products"
          placeholder="Search title, SKU, description…"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="pl-8"
        />
      </div>
      <div className="w-full sm:w-44">
        <Select
          aria-label="Category"
          value={search.category ?? ''}
          onChange={(event) => set({ category: event.target.value || undefined })}
        >
          <option value="">All categories</option>
          {options.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="w-full sm:w-44">
        <Select
          aria-label="Status"
          value={search.status ?? ''}
          onChange={(event) => set({ status: (event.target.value || undefined) as ProductsSearch['status'] })}
        >
          <option value="">Any status</option>
          {PRODUCT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </div>
      <div className="w-full sm:w-44">
        <Select
          aria-label="Stock"
          value={search.stock ?? ''}
          onChange={(event) => set({ stock: (event.target.value || undefined) as ProductsSearch['stock'] })}
        >
          <option value="">Any stock</option>
          <option value="low">Low stock</option>
          <option value="out">Out of stock</option>
        </Select>
      </div>
      <div className="w-full sm:w-60">
        <Select
          aria-label="Continue selling when out of stock"
          value={search.continueSelling === undefined ? '' : String(search.continueSelling)}
          onChange={(event) =>
            set({ continueSelling: event.target.value === '' ? undefined : event.target.value === 'true' })
          }
        >
          <option value="">ContinueWhenOOS: any</option>
          <option value="true">ContinueWhenOOS: on</option>
          <option value="false">ContinueWhenOOS: off</option>
        </Select>
      </div>
      <Button type="submit" size="md">
        Search
      </Button>
    </form>
  );
}
