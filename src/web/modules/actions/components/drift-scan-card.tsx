import { useQueryClient } from '@tanstack/react-query';
import { ScanSearch } from 'lucide-react';
import { ActionCard, PreviewRun } from '../../../components/action-card.tsx';
import { Badge } from '../../../components/ui/badge.tsx';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';
import { usePreviewCommit } from '../../../lib/use-preview-commit.ts';
import { missionsKey } from '../../missions/missions.api.ts';
import { PulseResultView } from '../../signals/components/pulse-result.tsx';
import { actionsApi } from '../actions.api.ts';

/** Drift Scan: the previewed table stays beside what a run opened. */
export function DriftScanCard({ allowed }: { allowed: boolean }) {
  const client = useQueryClient();
  const flow = usePreviewCommit({
    preview: actionsApi.driftPreview,
    commit: actionsApi.driftRun,
    onCommitted: () => void client.invalidateQueries({ queryKey: missionsKey }),
    keepPlan: true,
  });
  const { plan: preview, result } = flow;

  return (
    <ActionCard
      testId="action-drift-scan"
      title="Drift Scan"
      icon={<ScanSearch className="size-4 text-violet-500" aria-hidden />}
      description="Finds quizzes whose true/false answers lean to one side; running it opens a card per drifting course."
      permission="run_signals"
      allowed={allowed}
    >
      <PreviewRun flow={flow} previewing="Scanning…" />
      {preview &&
        (preview.courses.length === 0 ? (
          <p className="text-xs text-zinc-500">No courses with true/false questions.</p>
        ) : (
          <TableScroll label="Drift by course" className="rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
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
          </TableScroll>
        ))}
      {result && <PulseResultView result={result} preview={false} />}
    </ActionCard>
  );
}
