import { useState } from 'react';
import { fieldErrors, newIdempotencyKey } from '../../lib/api.ts';

/**
 * The preview → commit flow of an action card. A preview fixes the commit's Idempotency-Key, so
 * however often Commit is pressed the action happens once; editing the inputs (`reset`) drops the
 * preview and its key. Field errors (400 details) come back by field name; other errors as `error`.
 */
export function usePreviewCommit<Plan, Result>() {
  const [plan, setPlan] = useState<Plan>();
  const [key, setKey] = useState<string>();
  const [result, setResult] = useState<Result>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<T>, done: (value: T) => void) {
    setBusy(true);
    setError(undefined);
    setErrors({});
    try {
      done(await work());
    } catch (caught) {
      const fields = fieldErrors(caught);
      setErrors(fields);
      if (!Object.keys(fields).length) setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return {
    plan,
    key,
    result,
    errors,
    error,
    busy,
    reset() {
      setPlan(undefined);
      setKey(undefined);
    },
    preview(work: () => Promise<Plan>) {
      return run(work, (value) => {
        setResult(undefined);
        setPlan(value);
        setKey(newIdempotencyKey());
      });
    },
    commit(work: (idempotencyKey: string) => Promise<Result>, after?: (value: Result) => void) {
      if (!key) return Promise.resolve();
      return run(
        () => work(key),
        (value) => {
          setResult(value);
          setPlan(undefined);
          after?.(value);
        },
      );
    },
  };
}
