import { useQueryClient } from '@tanstack/react-query';
import { Activity } from 'lucide-react';
import { toast } from 'sonner';
import { ActionCard, PreviewRun } from '../../../components/action-card.tsx';
import { dateTime } from '../../../lib/time.ts';
import { usePreviewCommit } from '../../../lib/use-preview-commit.ts';
import { missionsKey } from '../../missions/missions.api.ts';
import { signalsApi } from '../signals.api.ts';
import { PulseResultView } from './pulse-result.tsx';

/** Health Pulse: every detector now. Run works without a preview; one key per look runs once. */
export function HealthPulseCard({ allowed }: { allowed: boolean }) {
  const client = useQueryClient();
  const flow = usePreviewCommit({
    preview: signalsApi.pulsePreview,
    commit: signalsApi.pulseRun,
    onCommitted: (answer) => {
      toast.success(`Health Pulse: ${answer.opened.length} opened, ${answer.cleared.length} cleared`);
      void client.invalidateQueries({ queryKey: missionsKey });
    },
  });
  const { plan: preview, result } = flow;

  return (
    <ActionCard
      testId="action-health-pulse"
      title="Health Pulse"
      icon={<Activity className="size-4 text-rose-500" aria-hidden />}
      description="Runs every detector now: opens a mission card per new problem, notes when a signal clears."
      permission="run_signals"
      allowed={allowed}
    >
      <PreviewRun flow={flow} previewing="Previewing…" />
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
