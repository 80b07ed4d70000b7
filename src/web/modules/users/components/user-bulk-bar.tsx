import { X } from 'lucide-react';
import type { MeResponse } from '../../../../contracts/auth.ts';
import type { BulkResponse } from '../../../../contracts/users.ts';
import { Button } from '../../../components/ui/button.tsx';
import { ACTION_META, whyNot } from '../user-actions.ts';
import { BULK_ACTIONS, type BulkAction } from '../users.api.ts';

/** Shown while rows are selected: the bulk actions this role may run, and the last run's failures. */
export function UserBulkBar({
  count,
  me,
  onAction,
  onClear,
}: {
  count: number;
  me: MeResponse | undefined;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}) {
  return (
    <div
      role="toolbar"
      aria-label="Bulk actions"
      data-testid="bulk-bar"
      className="flex flex-wrap items-center gap-2 border-b border-indigo-100 bg-indigo-50/70 px-4 py-2 dark:border-indigo-900/60 dark:bg-indigo-950/30"
    >
      <span className="mr-2 text-xs font-medium text-indigo-900 dark:text-indigo-200">{count} selected</span>
      {BULK_ACTIONS.map((action) => {
        const reason = whyNot(action, me);
        return (
          <Button
            key={action}
            size="sm"
            variant={action === 'delete' ? 'danger' : 'secondary'}
            disabled={reason !== null}
            title={reason ?? undefined}
            className={reason ? 'opacity-50' : undefined}
            onClick={() => onAction(action)}
          >
            {ACTION_META[action].label}
          </Button>
        );
      })}
      <Button size="sm" variant="ghost" className="ml-auto" onClick={onClear}>
        <X className="size-3.5" aria-hidden /> Clear selection
      </Button>
    </div>
  );
}

/** Which rows of the last bulk run failed, and why. */
export function BulkResults({
  action,
  results,
  emailOf,
  onDismiss,
}: {
  action: BulkAction;
  results: BulkResponse['results'];
  emailOf: (id: string) => string;
  onDismiss: () => void;
}) {
  const failed = results.filter((result) => !result.ok);
  if (failed.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="bulk-failures"
      className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <div className="flex items-center justify-between">
        <p className="font-medium">
          {ACTION_META[action].label}: {results.length - failed.length} done, {failed.length} failed
        </p>
        <Button size="sm" variant="ghost" onClick={onDismiss} aria-label="Dismiss the failures">
          <X className="size-3.5" aria-hidden />
        </Button>
      </div>
      <ul className="mt-1 space-y-0.5">
        {failed.map((result) => (
          <li key={result.userId}>
            <span className="font-mono">{emailOf(result.userId)}</span> — {result.message ?? result.code}
          </li>
        ))}
      </ul>
    </div>
  );
}
