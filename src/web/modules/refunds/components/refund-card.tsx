import { TriangleAlert, Undo2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import type { RefundView } from '../../../../contracts/refunds.ts';
import { ActionCard, InlineError, Stat } from '../../../components/action-card.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field, Input } from '../../../components/ui/input.tsx';
import { usePreviewCommit } from '../../../lib/use-preview-commit.ts';
import { useFromMission } from '../../missions/from-mission.tsx';
import { useIntegrations } from '../../signals/signals.api.ts';
import { refundsApi } from '../refunds.api.ts';

const money = (cents: number, currency = 'usd') =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(
    cents / 100,
  );

const OUTCOME: Record<RefundView['status'], string> = {
  succeeded: 'Refunded at Stripe, tokens taken back.',
  pending:
    'Stripe did not confirm yet; it is retried automatically with the same key, so it cannot happen twice.',
  failed: 'Stripe refused the refund; nothing was deducted.',
};

/** Refund: a Stripe charge → preview (amount, tokens to take back) → commit once. */
export function RefundCard({ allowed }: { allowed: boolean }) {
  const [chargeId, setChargeId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const integrations = useIntegrations(allowed);
  const unavailable =
    integrations.data && !integrations.data.stripe.configured ? integrations.data.stripe.reason : null;
  const fromMission = useFromMission();
  const amountCents = amount.trim() ? Math.round(Number(amount) * 100) : undefined;
  const flow = usePreviewCommit({
    preview: () => refundsApi.preview({ chargeId: chargeId.trim(), amountCents }),
    // What was previewed is what is refunded (Commit is off until there is a plan).
    commit: (idempotencyKey, planned) =>
      refundsApi.refund(
        { chargeId: planned!.payment.chargeId, amountCents: planned!.amountCents, reason, ...fromMission },
        idempotencyKey,
      ),
    onCommitted: (done) => {
      if (done.status === 'succeeded') toast.success(`Refunded ${money(done.amountCents)}`);
      else toast.message(`Refund ${done.status}`);
    },
  });
  const { plan, result, errors, error, busy } = flow;
  const changed = () => flow.reset();

  const preview = (event: FormEvent) => {
    event.preventDefault();
    flow.preview();
  };

  return (
    <ActionCard
      testId="action-refund"
      title="Refund"
      icon={<Undo2 className="size-4 text-rose-500" aria-hidden />}
      description="Refunds a Stripe charge and takes back the tokens the purchase gave. Preview first; it runs once."
      permission="refund"
      allowed={allowed}
    >
      {unavailable && (
        <p
          data-testid="refund-unavailable"
          className="flex items-center gap-1.5 text-xs text-amber-700 dark:text-amber-400"
        >
          <TriangleAlert className="size-3.5" aria-hidden /> {unavailable}
        </p>
      )}
      <form onSubmit={preview} className="flex flex-col gap-3">
        <Field label="Stripe charge" htmlFor="refund-charge" error={errors.chargeId}>
          <Input
            id="refund-charge"
            value={chargeId}
            placeholder="ch_…"
            autoComplete="off"
            onChange={(event) => {
              setChargeId(event.target.value);
              changed();
            }}
          />
        </Field>
        <div className="grid grid-cols-[8rem_1fr] gap-3">
          <Field label="Amount (blank = all)" htmlFor="refund-amount" error={errors.amountCents}>
            <Input
              id="refund-amount"
              type="number"
              min={0.01}
              step={0.01}
              value={amount}
              onChange={(event) => {
                setAmount(event.target.value);
                changed();
              }}
            />
          </Field>
          <Field label="Reason" htmlFor="refund-reason" error={errors.reason}>
            <Input
              id="refund-reason"
              value={reason}
              maxLength={300}
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
        </div>
        <div className="flex gap-2">
          <Button
            type="submit"
            size="sm"
            disabled={Boolean(busy) || !chargeId.trim() || Boolean(unavailable)}
            title={unavailable ?? undefined}
          >
            Preview
          </Button>
          <Button
            size="sm"
            variant="primary"
            disabled={Boolean(busy) || !plan || reason.trim().length < 3 || Boolean(unavailable)}
            title={
              !plan
                ? 'Preview first'
                : reason.trim().length < 3
                  ? 'Say why (at least 3 characters)'
                  : undefined
            }
            onClick={() => plan && flow.commit()}
          >
            {busy && plan ? 'Refunding…' : 'Commit refund'}
          </Button>
        </div>
      </form>
      <InlineError error={error} />
      {plan && (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="refund-preview">
          <Stat label="Refund" value={money(plan.amountCents, plan.payment.currency)} />
          <Stat label="Still refundable" value={money(plan.refundableCents, plan.payment.currency)} />
          <Stat label="Tokens to take back" value={plan.tokensToDeduct} />
          <Stat label="Balance after" value={plan.balanceAfter ?? '—'} tone="green" />
        </div>
      )}
      {result && (
        <p data-testid="refund-result" className="text-sm text-zinc-600 dark:text-zinc-300">
          <strong className="font-medium">{result.status}</strong> · {money(result.amountCents)} ·{' '}
          {result.tokensToDeduct} tokens · {OUTCOME[result.status]}
          {result.error && result.status !== 'succeeded' ? ` (${result.error})` : ''}
        </p>
      )}
    </ActionCard>
  );
}
