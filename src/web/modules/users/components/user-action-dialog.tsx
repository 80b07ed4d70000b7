import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ROLES, type Role } from '../../../../contracts/permissions.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { fieldErrors } from '../../../lib/api.ts';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { ACTION_META, type ActionKind, actionErrorMessage } from '../user-actions.ts';

export type ActionInput = { reason?: string; role?: Role; note?: string };

const textareaClass =
  'min-h-20 w-full rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';

/**
 * The confirmation for one action on one member or a selection: says what will happen, asks a
 * reason where the API wants one, a typed word for deletion, the new role for a role change.
 */
export function UserActionDialog({
  kind,
  who,
  currentRole,
  includesSelf = false,
  onClose,
  onConfirm,
}: {
  kind: ActionKind;
  /** The targets include the staff member acting: some actions then end their own session. */
  includesSelf?: boolean;
  /** "ann@example.com" or "12 members". */
  who: string;
  currentRole?: string;
  onClose: () => void;
  onConfirm: (input: ActionInput) => Promise<void>;
}) {
  const meta = ACTION_META[kind];
  const confirm = useMutation({ mutationFn: onConfirm, onSuccess: onClose });
  // What the form itself refused (no reason, no note); otherwise what the server said, by field.
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [typed, setTyped] = useState('');
  const busy = confirm.isPending;
  const fields = Object.keys(missing).length ? missing : fieldErrors(confirm.error);
  const error = !confirm.error
    ? null
    : confirm.error instanceof StepUpCancelled
      ? 'Cancelled: a fresh authenticator code is needed.'
      : actionErrorMessage(confirm.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: ActionInput = {};
    if (meta.reason) {
      input.reason = String(form.get('reason') ?? '').trim();
      if (input.reason.length < 3) {
        setMissing({ reason: 'say why (at least 3 characters)' });
        return;
      }
    }
    if (kind === 'role') input.role = String(form.get('role')) as Role;
    if (kind === 'note') {
      input.note = String(form.get('note') ?? '').trim();
      if (!input.note) {
        setMissing({ body: 'write something' });
        return;
      }
    }
    setMissing({});
    confirm.mutate(input);
  }

  const blocked = meta.typed !== undefined && typed.trim().toLowerCase() !== meta.typed;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !busy && onClose()}
      title={kind === 'note' ? `Add a note to ${who}` : `${meta.label}: ${who}`}
      description={meta.explain(who)}
    >
      <form onSubmit={submit} className="space-y-3" aria-label={meta.label}>
        {includesSelf && kind === 'revoke-sessions' && (
          <p
            role="alert"
            data-testid="self-revoke-warning"
            className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-200 dark:ring-amber-900"
          >
            This includes you: confirming signs you out of this console too.
          </p>
        )}
        {meta.reason && (
          <Field label="Reason (kept in the audit log)" htmlFor="action-reason">
            <Input id="action-reason" name="reason" required minLength={3} maxLength={500} autoFocus />
            {fields.reason && <p className="text-xs text-red-600 dark:text-red-400">{fields.reason}</p>}
          </Field>
        )}
        {kind === 'role' && (
          <Field label="New role" htmlFor="action-role">
            <Select id="action-role" name="role" defaultValue={currentRole} autoFocus>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role.replace('_', ' ')}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {kind === 'note' && (
          <Field label="Note" htmlFor="action-note">
            <textarea id="action-note" name="note" maxLength={5000} className={textareaClass} autoFocus />
            {fields.body && <p className="text-xs text-red-600 dark:text-red-400">{fields.body}</p>}
          </Field>
        )}
        {meta.typed && (
          <Field label={`Type “${meta.typed}” to confirm`} htmlFor="action-typed">
            <Input
              id="action-typed"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
            />
          </Field>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={meta.danger ? 'danger' : 'primary'}
            disabled={busy || blocked}
            autoFocus={!meta.reason && kind !== 'role' && kind !== 'note'}
          >
            {busy ? 'Working…' : kind === 'note' ? 'Add note' : meta.label}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
