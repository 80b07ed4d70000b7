import { type FormEvent, useState } from 'react';
import type { RevealResponse } from '../../../../contracts/users.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { fieldErrors } from '../../../lib/api.ts';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { revealIps } from '../users.api.ts';

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
  onRevealed: (revealed: RevealResponse, reason: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (reason.length < 3) {
      setError('Say why (at least 3 characters).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRevealed(await revealIps(userId, reason), reason);
      onClose();
    } catch (caught) {
      if (caught instanceof StepUpCancelled) setError('Cancelled: a fresh authenticator code is needed.');
      else
        setError(fieldErrors(caught).reason ?? (caught instanceof Error ? caught.message : String(caught)));
    } finally {
      setBusy(false);
    }
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
