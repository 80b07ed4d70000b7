import { type FormEvent, useState } from 'react';
import type { RevealResponse } from '../../../../contracts/users.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { fieldErrors } from '../../../lib/api.ts';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { useRevealIps } from '../users.api.ts';

function revealError(error: Error): string {
  if (error instanceof StepUpCancelled) return 'Cancelled: a fresh authenticator code is needed.';
  return fieldErrors(error).reason ?? error.message;
}

/** Asks why before showing a member's full IPs; the reveal is written to the audit log. */
export function UserRevealDialog({
  userId,
  email,
  onClose,
  onRevealed,
}: {
  userId: string;
  email: string;
  onClose: () => void;
  onRevealed: (revealed: RevealResponse) => void;
}) {
  const reveal = useRevealIps();
  const [tooShort, setTooShort] = useState(false);
  const busy = reveal.isPending;
  const error = tooShort
    ? 'Say why (at least 3 characters).'
    : reveal.error
      ? revealError(reveal.error)
      : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setTooShort(reason.length < 3);
    if (reason.length < 3) return;
    reveal.mutate(
      { userId, reason },
      {
        onSuccess: (revealed) => {
          onRevealed(revealed);
          onClose();
        },
      },
    );
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !busy && onClose()}
      title="Reveal full IP addresses"
      description={`Shows the full IPs of ${email} in this drawer until you close it. Your name and reason go to the audit log.`}
    >
      <form onSubmit={submit} className="space-y-3">
        <Field label="Reason" htmlFor="reveal-reason">
          <Input
            id="reveal-reason"
            name="reason"
            minLength={3}
            maxLength={500}
            required
            autoFocus
            placeholder="e.g. ticket #4821, suspected account takeover"
          />
        </Field>
        {error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Revealing…' : 'Reveal'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
