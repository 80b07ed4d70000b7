import { Coins } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { ActionCard, InlineError, Stat } from '../../../components/action-card.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { Field, Input } from '../../../components/ui/input.tsx';
import { dateTime } from '../../../lib/time.ts';
import { usePreviewCommit } from '../../../lib/use-preview-commit.ts';
import { useFromMission } from '../../missions/from-mission.tsx';
import { useUserSearch } from '../../users/users.api.ts';
import { actionsApi } from '../actions.api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function GrantTokensCard({ allowed }: { allowed: boolean }) {
  const [search, setSearch] = useState('');
  const [member, setMember] = useState<{ id: string; email: string }>();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const term = search.trim();
  const matches = useUserSearch(term, { enabled: allowed && !member && !UUID.test(term) });

  const userId = member?.id ?? (UUID.test(term) ? term : '');
  const fromMission = useFromMission();
  const body = () => ({ userId, amount: Number(amount), reason, ...fromMission });
  const flow = usePreviewCommit({
    preview: () => actionsApi.grantPreview(body()),
    commit: (idempotencyKey) => actionsApi.grant(body(), idempotencyKey),
    onCommitted: (granted) => toast.success(`Granted ${granted.amount} tokens to ${granted.user.email}`),
  });
  const { plan: preview, result, errors, error, busy } = flow;
  const changed = () => flow.reset();

  const doPreview = (event: FormEvent) => {
    event.preventDefault();
    flow.preview();
  };

  return (
    <ActionCard
      testId="action-grant-tokens"
      title="Grant Tokens"
      icon={<Coins className="size-4 text-emerald-500" aria-hidden />}
      description="Adds tokens to a member's balance, with a reason, capped per call. Preview first."
      permission="grant_tokens"
      allowed={allowed}
    >
      <form onSubmit={doPreview} className="flex flex-col gap-3">
        <Field label="Member (email, name or id)" htmlFor="grant-member" error={errors.userId}>
          {member ? (
            <div className="flex h-9 items-center justify-between rounded-md border border-zinc-200 px-3 text-sm dark:border-zinc-700">
              <span className="truncate">{member.email}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setMember(undefined);
                  changed();
                }}
              >
                Change
              </Button>
            </div>
          ) : (
            <Input
              id="grant-member"
              value={search}
              autoComplete="off"
              onChange={(event) => {
                setSearch(event.target.value);
                changed();
              }}
              placeholder="ada@example.com"
            />
          )}
        </Field>
        {!member && matches.data && matches.data.length > 0 && (
          <ul
            aria-label="Matching members"
            className="-mt-2 max-h-40 overflow-y-auto rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800"
          >
            {matches.data.map((row) => (
              <li key={row.id}>
                <button
                  type="button"
                  onClick={() => {
                    setMember({ id: row.id, email: row.email });
                    changed();
                  }}
                  className="flex w-full items-center justify-between gap-2 px-3 py-1.5 text-left text-xs hover:bg-zinc-50 focus-visible:bg-zinc-100 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
                >
                  <span className="truncate">{row.email}</span>
                  <span className="truncate text-zinc-400">{row.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {!member && term.length >= 2 && (matches.data?.length ?? 0) > 0 && (
          <p className="-mt-2 text-xs text-zinc-500" data-testid="grant-pick-hint">
            Pick a member from the list to preview.
          </p>
        )}
        {!member && term.length < 2 && (
          <p className="-mt-2 text-xs text-zinc-500">Type an email or name, then pick the member.</p>
        )}
        {!member && term.length >= 2 && matches.data?.length === 0 && (
          <p className="-mt-2 text-xs text-zinc-500">No member matches “{term}”.</p>
        )}
        <div className="grid grid-cols-[8rem_1fr] gap-3">
          <Field label="Amount" htmlFor="grant-amount" error={errors.amount}>
            <Input
              id="grant-amount"
              type="number"
              min={1}
              step={1}
              value={amount}
              onChange={(event) => {
                setAmount(event.target.value);
                changed();
              }}
            />
          </Field>
          <Field label="Reason" htmlFor="grant-reason" error={errors.reason}>
            <Input
              id="grant-reason"
              value={reason}
              maxLength={300}
              onChange={(event) => {
                setReason(event.target.value);
                changed();
              }}
            />
          </Field>
        </div>
        <div className="flex gap-2">
          <Button type="submit" size="sm" disabled={Boolean(busy) || !userId || !amount}>
            Preview
          </Button>
          <Button
            size="sm"
            variant="primary"
            disabled={Boolean(busy) || !preview}
            title={preview ? undefined : 'Preview first'}
            onClick={flow.commit}
          >
            {busy && preview ? 'Granting…' : 'Commit grant'}
          </Button>
        </div>
      </form>
      <InlineError error={error} />
      {preview && (
        <div className="grid grid-cols-3 gap-2" data-testid="grant-preview">
          <Stat label="Balance before" value={preview.balanceBefore} />
          <Stat label="After" value={preview.balanceAfter} tone="green" />
          <Stat label="Cap per call" value={preview.maxPerCall} />
          <p className="col-span-3 text-xs text-zinc-500">
            Grant {preview.amount} tokens to <span className="font-medium">{preview.user.email}</span>.
          </p>
        </div>
      )}
      {result && (
        <p
          data-testid="grant-result"
          className={cn(
            'rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900',
          )}
        >
          Granted {result.amount} tokens to {result.user.email}: balance {result.balanceBefore} →{' '}
          {result.balanceAfter} ({dateTime(result.grantedAt)}, ledger {result.ledgerId}).
        </p>
      )}
    </ActionCard>
  );
}
