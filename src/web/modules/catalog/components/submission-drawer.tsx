import { Download } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import {
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  type RejectReason,
  type Submission,
} from '../../../../contracts/catalog.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Facts } from '../../../components/ui/card.tsx';
import { Drawer } from '../../../components/ui/drawer.tsx';
import { Field, inputClass } from '../../../components/ui/input.tsx';
import { Select } from '../../../components/ui/select.tsx';
import { ErrorState, SkeletonRows } from '../../../components/ui/states.tsx';
import { ApiError, fieldErrors } from '../../../lib/api.ts';
import { Enhanced } from '../../../lib/enhanced.tsx';
import { dateTime } from '../../../lib/time.ts';
import { formatPrice, useDecideSubmission, useSubmission } from '../catalog.api.ts';
import { SUBMISSION_TONE } from './submission-status.ts';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-b border-zinc-100 px-5 py-4 dark:border-zinc-800">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** Approve (scaffolds a draft product) or reject with a canned reason; "other" needs a note. */
function Decide({ submission }: { submission: Submission }) {
  const decide = useDecideSubmission();
  const [reason, setReason] = useState<RejectReason | ''>('');
  const [note, setNote] = useState('');
  const errors = fieldErrors(decide.error);
  const conflict =
    decide.error instanceof ApiError && decide.error.status === 409 ? decide.error.message : null;
  const run = (decision: Parameters<typeof decide.mutate>[0]['decision']) =>
    decide.mutate(
      { submission, decision },
      {
        onSuccess: (answer) =>
          toast.success(
            answer.product
              ? `Approved: draft product ${answer.product.sku} created`
              : `Rejected: ${REJECT_REASON_LABELS[answer.submission.rejectReason ?? 'other']}`,
          ),
      },
    );
  return (
    <Section title="Decision">
      {conflict && (
        <p
          role="alert"
          className="mb-3 text-sm text-amber-700 dark:text-amber-400"
          data-testid="decision-conflict"
        >
          {conflict}
        </p>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <Button variant="primary" disabled={decide.isPending} onClick={() => run({ kind: 'approve' })}>
          Approve → create product
        </Button>
        <Field label="Reject because" htmlFor="reject-reason" error={errors.reason}>
          <Select
            id="reject-reason"
            value={reason}
            onChange={(event) => setReason(event.target.value as RejectReason | '')}
          >
            <option value="">Choose a reason…</option>
            {REJECT_REASONS.map((value) => (
              <option key={value} value={value}>
                {REJECT_REASON_LABELS[value]}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          variant="danger"
          disabled={decide.isPending || reason === '' || (reason === 'other' && note.trim().length < 3)}
          onClick={() => reason && run({ kind: 'reject', reason, note: note.trim() || undefined })}
        >
          Reject
        </Button>
      </div>
      {reason !== '' && (
        <Field
          label={reason === 'other' ? 'Note (required)' : 'Note (optional)'}
          htmlFor="reject-note"
          className="mt-3"
          error={errors.note}
        >
          <textarea
            id="reject-note"
            className={`${inputClass} h-16 py-2`}
            value={note}
            maxLength={1000}
            onChange={(event) => setNote(event.target.value)}
          />
        </Field>
      )}
    </Section>
  );
}

export function SubmissionDrawer({
  id,
  canManage,
  onClose,
}: {
  id: string | undefined;
  canManage: boolean;
  onClose: () => void;
}) {
  const detail = useSubmission(id);
  const data = detail.data;
  return (
    <Drawer
      open={Boolean(id)}
      onOpenChange={(open) => !open && onClose()}
      title={data?.submission.title ?? 'Submission'}
      description={data ? `Submitted ${dateTime(data.submission.createdAt)}` : undefined}
    >
      {data ? (
        <div data-testid="submission-drawer">
          <Section title="Submission">
            <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
              {data.submission.description || '—'}
            </p>
            <Facts
              rows={[
                [
                  'Status',
                  <Badge key="s" tone={SUBMISSION_TONE[data.submission.status]}>
                    {data.submission.status}
                  </Badge>,
                ],
                ['Proposed price', formatPrice(data.submission.proposedPrice)],
                ['Proposed category', data.submission.proposedCategory?.name ?? '—'],
                ['Submitter', data.submission.submitter?.email ?? '—'],
                ...(data.submission.product
                  ? ([['Product', `${data.submission.product.sku} · ${data.submission.product.title}`]] as [
                      string,
                      string,
                    ][])
                  : []),
                ...(data.submission.rejectReason
                  ? ([['Reason', REJECT_REASON_LABELS[data.submission.rejectReason]]] as [string, string][])
                  : []),
              ]}
            />
          </Section>
          <Enhanced>
            {canManage && data.submission.status === 'pending' && <Decide submission={data.submission} />}
            <Section title="Timeline">
              <ol className="space-y-2 text-sm" data-testid="submission-timeline">
                {data.timeline.map((entry) => (
                  <li key={`${entry.status}-${entry.at}`} className="flex flex-wrap items-center gap-2">
                    <Badge tone={SUBMISSION_TONE[entry.status]}>
                      {entry.status === 'pending' ? 'submitted' : entry.status}
                    </Badge>
                    <span className="text-zinc-700 dark:text-zinc-300">{entry.by ?? 'unknown'}</span>
                    <time className="text-xs text-zinc-500" dateTime={entry.at}>
                      {dateTime(entry.at)}
                    </time>
                    {entry.reason && (
                      <span className="text-xs text-zinc-500">— {REJECT_REASON_LABELS[entry.reason]}</span>
                    )}
                    {entry.note && <span className="text-xs text-zinc-500">“{entry.note}”</span>}
                  </li>
                ))}
              </ol>
            </Section>
            <Section title="Attachments">
              {data.attachments.length === 0 ? (
                <p className="text-sm text-zinc-500">No files attached.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {data.attachments.map((file) => (
                    <li key={file.id} className="flex items-center gap-2">
                      {file.downloadable ? (
                        <a
                          className="inline-flex items-center gap-1 text-indigo-600 hover:underline dark:text-indigo-400"
                          href={`/api/admin/submissions/${data.submission.id}/attachments/${file.id}`}
                          download={file.filename}
                        >
                          <Download className="size-3.5" aria-hidden /> {file.filename}
                        </a>
                      ) : (
                        <span>{file.filename} (stored elsewhere)</span>
                      )}
                      <span className="text-xs text-zinc-500">
                        {file.contentType} · {file.sizeBytes} B
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Submitter">
              {data.submitterStats ? (
                <Facts
                  rows={[
                    ['Prior submissions', data.submitterStats.prior],
                    ['Approved', data.submitterStats.approved],
                    ['Rejected', data.submitterStats.rejected],
                    [
                      'Trust score',
                      <span key="t" data-testid="trust-score">
                        {data.submitterStats.trustScore} / 100
                      </span>,
                    ],
                  ]}
                />
              ) : (
                <p className="text-sm text-zinc-500">The submitter's account no longer exists.</p>
              )}
            </Section>
          </Enhanced>
        </div>
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <SkeletonRows rows={8} label="Loading submission" />
      )}
    </Drawer>
  );
}
