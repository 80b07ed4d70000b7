import { useState } from 'react';
import type { Category } from '../../../../contracts/catalog.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field } from '../../../components/ui/input.tsx';
import { checkboxClass, Select } from '../../../components/ui/select.tsx';
import { fieldErrors } from '../../../lib/api.ts';

/** Picks the categories to merge and the one they become; the server moves the products. */
export function CategoryMergeDialog({
  categories,
  initialSources,
  pending,
  error,
  onClose,
  onMerge,
}: {
  categories: Category[];
  initialSources: string[];
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onMerge: (body: { sourceIds: string[]; targetId: string }) => void;
}) {
  const [sources, setSources] = useState<string[]>(initialSources);
  const [target, setTarget] = useState('');
  const fields = fieldErrors(error);
  const invalidTarget = target !== '' && sources.includes(target);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Merge categories"
      description="Every product in the sources moves to the target (once); the sources are removed."
      className="max-w-lg"
    >
      <fieldset className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
        <legend className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Merge these</legend>
        {categories.map((category) => (
          <label key={category.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className={checkboxClass}
              checked={sources.includes(category.id)}
              onChange={(event) =>
                setSources((previous) =>
                  event.target.checked
                    ? [...previous, category.id]
                    : previous.filter((id) => id !== category.id),
                )
              }
            />
            {category.name}
            <span className="text-xs text-zinc-500">({category.productsCount})</span>
          </label>
        ))}
      </fieldset>
      <Field
        label="Into"
        htmlFor="merge-target"
        className="mt-3"
        error={
          invalidTarget ? 'The target cannot be one of the sources' : (fields.targetId ?? fields.sourceIds)
        }
      >
        <Select id="merge-target" value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">Choose the target…</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </Select>
      </Field>
      {error && !fields.targetId && !fields.sourceIds ? (
        <p role="alert" className="mt-2 text-xs text-red-600">
          {error instanceof Error ? error.message : 'The merge failed'}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button
          variant="primary"
          disabled={pending || sources.length === 0 || target === '' || invalidTarget}
          onClick={() => onMerge({ sourceIds: sources, targetId: target })}
        >
          {pending ? 'Merging…' : `Merge ${sources.length || ''}`.trim()}
        </Button>
      </div>
    </Dialog>
  );
}
