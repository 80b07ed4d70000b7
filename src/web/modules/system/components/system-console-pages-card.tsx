import { Gauge } from 'lucide-react';
import type { SystemOverview } from '../../../../contracts/system.ts';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { EmptyState } from '../../../components/ui/states.tsx';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

/** What browsers reported about the console's own pages (seed 001 §6). */
export function SystemConsolePagesCard({ metrics }: { metrics: SystemOverview['uiMetrics'] }) {
  return (
    <Card>
      <CardHeader title="Console pages" icon={<Gauge className="size-4 text-zinc-400" aria-hidden />} />
      {metrics.length === 0 ? (
        <EmptyState title="No page timings yet">
          Open a few console pages; each visit reports its timings here.
        </EmptyState>
      ) : (
        <TableScroll label="Console page timings">
          <table className="w-full text-left text-xs" data-testid="ui-metrics">
            <thead className="text-[10px] tracking-wide text-zinc-400 uppercase">
              <tr>
                {['Page', 'Samples', 'TTFB p50', 'Render p50', 'Render p95', 'Rows avg'].map((label) => (
                  <th key={label} scope="col" className="px-4 py-2 font-medium">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 tabular-nums text-zinc-700 dark:divide-zinc-800 dark:text-zinc-300">
              {metrics.map((metric) => (
                <tr key={metric.page}>
                  <td className="px-4 py-1.5 font-mono">{metric.page}</td>
                  <td className="px-4 py-1.5">{metric.samples}</td>
                  <td className="px-4 py-1.5">{ms(metric.ttfbP50)}</td>
                  <td className="px-4 py-1.5">{ms(metric.renderP50)}</td>
                  <td className="px-4 py-1.5">{ms(metric.renderP95)}</td>
                  <td className="px-4 py-1.5">
                    {metric.rowsAvg === null ? '—' : Math.round(metric.rowsAvg)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Card>
  );
}
