import type { SignalThresholds } from '../../../../contracts/signals.ts';
import { type NumberField, NumberSettingsCard } from '../../system/components/system-settings-card.tsx';
import { useSaveSignalThresholds, useSignalThresholds } from '../signals.api.ts';

const FIELDS: Array<NumberField<keyof SignalThresholds>> = [
  {
    key: 'stuckDays',
    label: 'Stuck after',
    unit: 'days',
    hint: 'An enrolled student with no progress for this long is stuck.',
  },
  {
    key: 'stuckMinStudents',
    label: 'Stuck students per card',
    unit: 'students',
    hint: 'A course opens a card from this many stuck students.',
  },
  {
    key: 'quietDayRatio',
    label: 'Quiet day below',
    unit: '× usual',
    hint: 'Lessons in the last 24 h under this share of the 14-day daily average.',
    decimal: true,
  },
  {
    key: 'failedLoginsPerAccount',
    label: 'Failed sign-ins per account',
    unit: '/ hour',
    hint: 'One account failing this often in an hour.',
  },
  {
    key: 'failedLoginsPerIp',
    label: 'Failed sign-ins per address',
    unit: '/ hour',
    hint: 'One client address failing this often in an hour.',
  },
  {
    key: 'webhookFailuresPerHour',
    label: 'Failing Stripe webhooks',
    unit: '/ hour',
    hint: 'Failed webhook deliveries in an hour.',
  },
  {
    key: 'webhookStuckMinutes',
    label: 'Webhook stuck after',
    unit: 'min',
    hint: 'Received but not processed for this long.',
  },
  {
    key: 'driftMinQuestions',
    label: 'Drift: questions needed',
    unit: 'questions',
    hint: 'True/false questions a course needs before drift is judged.',
  },
  {
    key: 'driftMaxShare',
    label: 'Drift: largest share',
    unit: 'share',
    hint: 'More correct answers on one side than this share is drift.',
    decimal: true,
  },
  {
    key: 'refundSpikeRatio',
    label: 'Refund spike at',
    unit: '× usual',
    hint: 'Refunds in 24 h over this multiple of the 30-day daily average.',
    decimal: true,
  },
  {
    key: 'refundSpikeMin',
    label: 'Refund spike minimum',
    unit: 'refunds',
    hint: 'And at least this many refunds.',
  },
  {
    key: 'flagBacklogHours',
    label: 'Moderation backlog after',
    unit: 'hours',
    hint: 'A card when a flagged post has waited longer than this in the moderation queue.',
  },
];

/** System → Signal thresholds: what the Health Pulse detectors count as a problem. */
export function SignalThresholdsCard({ editable }: { editable: boolean }) {
  const thresholds = useSignalThresholds();
  const save = useSaveSignalThresholds();
  return (
    <NumberSettingsCard
      title="Signal thresholds"
      testId="signal-thresholds"
      fields={FIELDS}
      values={thresholds.data}
      query={thresholds}
      save={save}
      editable={editable}
    />
  );
}
