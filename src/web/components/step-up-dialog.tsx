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

function StepUpForm({ mode }: { mode: StepUpMode }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const path = mode === 'enroll' ? '/api/admin/step-up/confirm' : '/api/admin/step-up';
      const answer = await api<StepUpResponse>(path, { body: { code }, noStepUp: true });
      completeStepUp(answer.expiresAt);
      if (mode === 'enroll') toast.success('Authenticator set up');
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'step_up_required') switchStepUpMode('enroll');
      else if (caught instanceof ApiError && caught.status === 409)
        switchStepUpMode(mode === 'enroll' ? 'verify' : 'enroll');
      else setError(describe(caught));
      setCode('');
    } finally {
      setBusy(false);
    }
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
  const [enrollment, setEnrollment] = useState<EnrollResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Each enrollment call makes a new secret: ask exactly once per dialog.
    if (started.current) return;
    started.current = true;
    api<EnrollResponse>('/api/admin/step-up/enroll', { method: 'POST', body: {}, noStepUp: true })
      .then(setEnrollment)
      .catch((caught) => {
        if (caught instanceof ApiError && caught.status === 409) switchStepUpMode('verify');
        else setError(describe(caught));
      });
  }, []);

  if (error) {
    return (
      <p role="alert" className="text-sm text-red-600">
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
