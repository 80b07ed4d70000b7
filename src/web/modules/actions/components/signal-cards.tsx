import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Activity, Newspaper, ScanSearch } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { MorningBrief } from '../../../../contracts/actions.ts';
import type { PulseResult } from '../../../../contracts/signals.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { newIdempotencyKey } from '../../../lib/api.ts';
import { dateTime } from '../../../lib/time.ts';
import { missionsKey } from '../../missions/missions.api.ts';
import { actionsApi, type DriftPreview } from '../actions.api.ts';
import { ActionCard, InlineError, Stat } from './action-card.tsx';
import { PulseResultView } from './pulse-result.tsx';

export function HealthPulseCard({ allowed }: { allowed: boolean }) {
  const client = useQueryClient();
  const [preview, setPreview] = useState<PulseResult>();
  const [result, setResult] = useState<PulseResult>();
  const [busy, setBusy] = useState<'preview' | 'run'>();
  const [error, setError] = useState<unknown>();
  // One key per look: a double-click on Run runs once.
  const [key, setKey] = useState(newIdempotencyKey);

  const doPreview = async () => {
    setBusy('preview');
    setError(undefined);
    try {
      setPreview(await actionsApi.pulsePreview());
      setResult(undefined);
      setKey(newIdempotencyKey());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  const run = async () => {
    setBusy('run');
    setError(undefined);
    try {
      const answer = await actionsApi.pulseRun(key);
      setResult(answer);
      setPreview(undefined);
      setKey(newIdempotencyKey());
      toast.success(`Health Pulse: ${answer.opened.length} opened, ${answer.cleared.length} cleared`);
      void client.invalidateQueries({ queryKey: missionsKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <ActionCard
      testId="action-health-pulse"
      title="Health Pulse"
      icon={<Activity className="size-4 text-rose-500" aria-hidden />}
      description="Runs every detector now: opens a mission card per new problem, notes when a signal clears."
      permission="run_signals"
      allowed={allowed}
    >
      <div className="flex gap-2">
        <Button size="sm" onClick={() => void doPreview()} disabled={Boolean(busy)}>
          {busy === 'preview' ? 'Previewing…' : 'Preview'}
        </Button>
        <Button size="sm" variant="primary" onClick={() => void run()} disabled={Boolean(busy)}>
          {busy === 'run' ? 'Running…' : 'Run'}
        </Button>
      </div>
      <InlineError error={error} />
      {preview && <PulseResultView result={preview} preview />}
      {result && (
        <>
          <PulseResultView result={result} preview={false} />
          <p className="text-[11px] text-zinc-400">Ran at {dateTime(result.ranAt)}</p>
        </>
      )}
    </ActionCard>
  );
}

export function DriftScanCard({ allowed }: { allowed: boolean }) {
  const client = useQueryClient();
  const [preview, setPreview] = useState<DriftPreview>();
  const [result, setResult] = useState<PulseResult>();
  const [busy, setBusy] = useState<'preview' | 'run'>();
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(newIdempotencyKey);

  const act = async (kind: 'preview' | 'run') => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'preview') {
        setPreview(await actionsApi.driftPreview());
        setResult(undefined);
      } else {
        setResult(await actionsApi.driftRun(key));
        void client.invalidateQueries({ queryKey: missionsKey });
      }
      setKey(newIdempotencyKey());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <ActionCard
      testId="action-drift-scan"
      title="Drift Scan"
      icon={<ScanSearch className="size-4 text-violet-500" aria-hidden />}
      description="Finds quizzes whose true/false answers lean to one side; running it opens a card per drifting course."
      permission="run_signals"
      allowed={allowed}
    >
      <div className="flex gap-2">
        <Button size="sm" onClick={() => void act('preview')} disabled={Boolean(busy)}>
          {busy === 'preview' ? 'Scanning…' : 'Preview'}
        </Button>
        <Button size="sm" variant="primary" onClick={() => void act('run')} disabled={Boolean(busy)}>
          {busy === 'run' ? 'Running…' : 'Run'}
        </Button>
      </div>
      <InlineError error={error} />
      {preview &&
        (preview.courses.length === 0 ? (
          <p className="text-xs text-zinc-500">No courses with true/false questions.</p>
        ) : (
          <div className="overflow-x-auto rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
            <table className="w-full text-left text-xs" data-testid="drift-table">
              <thead className="bg-zinc-50 text-[11px] text-zinc-500 uppercase dark:bg-zinc-900">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    Course
                  </th>
                  <th scope="col" className="px-3 py-1.5 text-right font-medium">
                    Questions
                  </th>
                  <th scope="col" className="px-3 py-1.5 text-right font-medium">
                    “True” share
                  </th>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    Drifting
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {preview.courses.map((row) => (
                  <tr key={row.course}>
                    <td className="px-3 py-1.5" title={row.course}>
                      {row.title}
                    </td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{row.questions}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">
                      {Math.round(row.firstShare * 100)}%
                    </td>
                    <td className="px-3 py-1.5">
                      {row.drifting ? <Badge tone="red">drifting</Badge> : <Badge tone="green">ok</Badge>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="px-3 py-1.5 text-[11px] text-zinc-400">
              Drifting when either side exceeds {Math.round(preview.limit * 100)}%.
            </p>
          </div>
        ))}
      {result && <PulseResultView result={result} preview={false} />}
    </ActionCard>
  );
}

export function MorningBriefCard({ allowed, canSend }: { allowed: boolean; canSend: boolean }) {
  const [brief, setBrief] = useState<MorningBrief>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const integrations = useQuery({
    queryKey: ['integrations'],
    queryFn: ({ signal }) => actionsApi.integrations(signal),
    enabled: allowed && canSend,
  });
  const send = async (channel: 'discord' | 'email') => {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await actionsApi.sendBrief(channel);
      toast.success(`Brief sent to ${sent.destination}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const why = (channel: 'discord' | 'email') =>
    !canSend
      ? 'Sending needs the send_messages permission'
      : integrations.data && !integrations.data[channel].configured
        ? integrations.data[channel].reason
        : null;
  const load = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setBrief(await actionsApi.brief());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ActionCard
      testId="action-morning-brief"
      title="Morning Brief"
      icon={<Newspaper className="size-4 text-amber-500" aria-hidden />}
      description="The last day in numbers: sign-ups, sign-ins, orders, learning and missions."
      permission="view_analytics"
      allowed={allowed}
    >
      <div>
        <Button size="sm" onClick={() => void load()} disabled={busy}>
          {busy ? 'Loading…' : brief ? 'Refresh' : 'Show brief'}
        </Button>
      </div>
      <InlineError error={error} />
      {brief && (
        <div className="flex flex-col gap-3" data-testid="morning-brief">
          <div className="grid grid-cols-3 gap-2">
            <Stat label="Sign-ups" value={brief.signUps} />
            <Stat label="Sign-ins (failed)" value={`${brief.signIns.ok} (${brief.signIns.failed})`} />
            <Stat label="Active students" value={brief.activeStudents} />
            <Stat label="Orders" value={`${brief.orders.count} · ${brief.orders.revenue}`} />
            <Stat label="Refunds" value={`${brief.refunds.count} · ${brief.refunds.amount}`} />
            <Stat label="Missions open" value={brief.missions.open} />
          </div>
          <pre className="rounded-md bg-zinc-50 p-3 font-sans text-sm leading-relaxed whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-800">
            {brief.text}
          </pre>
          <p className="text-[11px] text-zinc-400">
            {dateTime(brief.from)} – {dateTime(brief.to)}
          </p>
          <div className="flex flex-wrap gap-2">
            {(['discord', 'email'] as const).map((channel) => (
              <Button
                key={channel}
                size="sm"
                disabled={busy || Boolean(why(channel))}
                title={why(channel) ?? undefined}
                onClick={() => void send(channel)}
              >
                {channel === 'discord' ? 'Post to Discord' : 'Mail it to me'}
              </Button>
            ))}
          </div>
        </div>
      )}
    </ActionCard>
  );
}
