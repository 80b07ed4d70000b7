import { useSyncExternalStore } from 'react';

/**
 * One step-up dialog for the whole console. Any caller that met `step_up_required` waits on the
 * same promise; the dialog resolves it once a code is accepted (or rejects it when dismissed).
 */
export type StepUpMode = 'verify' | 'enroll';
export type StepUpState = { open: boolean; mode: StepUpMode };

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

let state: StepUpState = { open: false, mode: 'verify' };
let waiters: Waiter[] = [];
let pending: Promise<void> | null = null;
const listeners = new Set<() => void>();
const successListeners = new Set<(expiresAt: string) => void>();

function setState(next: StepUpState) {
  state = next;
  for (const listener of listeners) listener();
}

export class StepUpCancelled extends Error {
  constructor() {
    super('Step-up was cancelled');
  }
}

/** Opens the dialog (or joins the one already open) and resolves after a successful step-up. */
export function requireStepUp(enrolled = true): Promise<void> {
  if (!enrolled && state.mode !== 'enroll') setState({ open: true, mode: 'enroll' });
  if (pending) return pending;
  pending = new Promise<void>((resolve, reject) => {
    waiters.push({ resolve, reject });
  });
  setState({ open: true, mode: enrolled ? 'verify' : 'enroll' });
  return pending;
}

export function switchStepUpMode(mode: StepUpMode) {
  setState({ ...state, mode });
}

export function completeStepUp(expiresAt: string) {
  const current = waiters;
  waiters = [];
  pending = null;
  setState({ open: false, mode: 'verify' });
  for (const listener of successListeners) listener(expiresAt);
  for (const waiter of current) waiter.resolve();
}

export function cancelStepUp() {
  const current = waiters;
  waiters = [];
  pending = null;
  setState({ ...state, open: false });
  for (const waiter of current) waiter.reject(new StepUpCancelled());
}

/** Called after every successful step-up (the live stream reconnects, `me` updates). */
export function onStepUp(listener: (expiresAt: string) => void): () => void {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
}

export function useStepUpState(): StepUpState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
