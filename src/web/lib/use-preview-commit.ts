import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrors, newIdempotencyKey } from './api.ts';

/**
 * The preview → commit flow of an action card, as two mutations. A preview fixes the commit's
 * Idempotency-Key, so however often Commit is pressed the action happens once; a new preview, a
 * commit that went through or editing the inputs (`reset`) starts a new key. What the card shows
 * (the last plan and result) stays while the next step runs or fails; starting one step clears the
 * other's error. Field errors (400 details) come back by field name; other errors as `error`.
 */
export function usePreviewCommit<Plan, Result>(steps: {
  preview: () => Promise<Plan>;
  commit: (idempotencyKey: string, plan: Plan | undefined) => Promise<Result>;
  onCommitted?: (result: Result) => void;
  /** Keep showing the plan beside the result (Drift Scan's table), instead of replacing it. */
  keepPlan?: boolean;
}) {
  const [key, setKey] = useState(newIdempotencyKey);
  const [shown, setShown] = useState<{ plan?: Plan; result?: Result }>({});
  const preview = useMutation({
    mutationFn: () => steps.preview(),
    onSuccess: (plan) => {
      setShown({ plan });
      setKey(newIdempotencyKey());
    },
  });
  const commit = useMutation({
    mutationFn: () => steps.commit(key, shown.plan),
    onSuccess: (result) => {
      setShown((before) => ({ plan: steps.keepPlan ? before.plan : undefined, result }));
      setKey(newIdempotencyKey());
      steps.onCommitted?.(result);
    },
  });

  const failed = preview.error ?? commit.error;
  const errors = fieldErrors(failed);
  return {
    plan: shown.plan,
    result: shown.result,
    errors,
    error: Object.keys(errors).length ? undefined : failed,
    busy: preview.isPending ? ('preview' as const) : commit.isPending ? ('commit' as const) : undefined,
    preview() {
      commit.reset();
      preview.mutate();
    },
    commit() {
      preview.reset();
      commit.mutate();
    },
    /** The inputs changed: the plan no longer describes them. */
    reset() {
      setShown((before) => ({ result: before.result }));
      setKey(newIdempotencyKey());
    },
  };
}
