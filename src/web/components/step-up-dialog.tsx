import { useMutation } from '@tanstack/react-query';
import { Copy, KeyRound } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import type { EnrollResponse, StepUpResponse } from '../../contracts/auth.ts';
import { ApiError, api } from '../lib/api.ts';
import {
  cancelStepUp,
  completeStepUp,
  type StepUpMode,
  switchStepUpMode,
  useStepUpState,
} from '../lib/step-up.ts';
import { Button } from './ui/button.tsx';
import { Dialog } from './ui/dialog.tsx';
import { Field, Input } from './ui/input.tsx';
import { Skeleton } from './ui/states.tsx';

/** The secret inside an otpauth:// URI, for people who type it instead of scanning. */
export function secretFromUri(uri: string): string {
  return decodeURIComponent(/[?&]secret=([^&]+)/i.exec(uri)?.[1] ?? '');
}

function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited') {
      const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      return `Too many attempts, try again in ${seconds ?? 'a few'} s`;
    }
    return error.message;
  }
  return 'Something went wrong; try again';
}

export function StepUpDialog() {
  const { open, mode } = useStepUpState();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) cancelStepUp();
      }}
      title={mode === 'enroll' ? 'Set up your authenticator' : 'Confirm it’s you'}
      description={
        mode === 'enroll'
          ? 'Staff actions need a code from an authenticator app. Scan the QR code, then enter the 6-digit code it shows.'
          : 'Enter the 6-digit code from your authenticator app to continue.'
      }
    >
      {open && <StepUpForm key={mode} mode={mode} />}
    </Dialog>
  );
}

/** The mode an answer calls for: not enrolled yet → enroll; 409 (already / not yet) → the other one. */
function switchedMode(error: unknown, mode: StepUpMode): StepUpMode | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'step_up_required') return 'enroll';
  if (error.status === 409) return mode === 'enroll' ? 'verify' : 'enroll';
  return null;
}

function StepUpForm({ mode }: { mode: StepUpMode }) {
  const [code, setCode] = useState('');
  const check = useMutation({
    mutationFn: (entered: string) =>
      api<StepUpResponse>(mode === 'enroll' ? '/api/admin/step-up/confirm' : '/api/admin/step-up', {
        body: { code: entered },
        noStepUp: true,
      }),
    onSuccess: (answer) => {
      completeStepUp(answer.expiresAt);
      if (mode === 'enroll') toast.success('Authenticator set up');
    },
    onError: (caught) => {
      const next = switchedMode(caught, mode);
      if (next) switchStepUpMode(next);
      setCode('');
    },
  });
  const error = check.error && !switchedMode(check.error, mode) ? describe(check.error) : null;
  const busy = check.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    check.mutate(code);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {mode === 'enroll' && <Enrollment />}
      <Field label="6-digit code" htmlFor="step-up-code">
        <Input
          id="step-up-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          autoFocus={mode === 'verify'}
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          className="font-mono text-lg tracking-[0.4em]"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'step-up-error' : undefined}
        />
      </Field>
      {error && (
        <p id="step-up-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={cancelStepUp}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={busy || code.length !== 6}>
          <KeyRound className="size-4" aria-hidden />
          {busy ? 'Checking…' : mode === 'enroll' ? 'Confirm' : 'Continue'}
        </Button>
      </div>
    </form>
  );
}

function Enrollment() {
  const enroll = useMutation({
    mutationFn: () =>
      api<EnrollResponse>('/api/admin/step-up/enroll', { method: 'POST', body: {}, noStepUp: true }),
    // Already enrolled (409): a code is all that is needed.
    onError: (caught) => {
      if (caught instanceof ApiError && caught.status === 409) switchStepUpMode('verify');
    },
    // The answer holds the new secret: forget it with the dialog, not minutes later.
    gcTime: 0,
  });
  const started = useRef(false);
  const { mutate } = enroll;

  useEffect(() => {
    // Each enrollment call makes a new secret: ask exactly once per dialog.
    if (started.current) return;
    started.current = true;
    mutate();
  }, [mutate]);

  const enrollment = enroll.data;
  const error =
    enroll.error && !(enroll.error instanceof ApiError && enroll.error.status === 409)
      ? describe(enroll.error)
      : null;
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
    );
  }
  if (!enrollment) return <Skeleton className="mx-auto size-44" />;
  const secret = secretFromUri(enrollment.otpauthUri);
  return (
    <div className="flex flex-col items-center gap-3">
      <img
        src={`data:image/svg+xml;utf8,${encodeURIComponent(enrollment.qrSvg)}`}
        alt="QR code to add Mission Control to an authenticator app"
        className="size-44 rounded-md bg-white p-1 ring-1 ring-zinc-200"
      />
      <div className="w-full text-center">
        <p className="text-xs text-zinc-500">Can’t scan? Enter this key instead:</p>
        <div className="mt-1 flex items-center justify-center gap-1">
          <code
            data-testid="totp-secret"
            className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs break-all text-zinc-800 select-all dark:bg-zinc-800 dark:text-zinc-200"
          >
            {secret}
          </code>
          <Button
            size="sm"
            variant="ghost"
            aria-label="Copy the key"
            onClick={() =>
              void navigator.clipboard?.writeText(secret).then(() => toast.success('Key copied'))
            }
          >
            <Copy className="size-3.5" aria-hidden />
          </Button>
        </div>
      </div>
    </div>
  );
}
