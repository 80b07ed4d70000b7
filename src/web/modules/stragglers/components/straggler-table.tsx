import { Badge } from '../../../components/ui/badge.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { checkboxClass } from '../../../components/ui/select.tsx';
import { TableScroll } from '../../../components/ui/table-scroll.tsx';
import { type Channels, channelBlock, type Straggler } from '../stragglers.api.ts';

/** One row per student and course: what a pick is keyed by. */
export const stragglerKey = (row: Straggler) => `${row.userId}:${row.course.id}`;

/** The students found idle; one a channel cannot reach shows why and cannot be picked. */
export function StragglerTable({
  rows,
  channels,
  picked,
  onPickedChange,
}: {
  rows: Straggler[];
  channels: Channels | undefined;
  picked: Set<string>;
  onPickedChange: (picked: Set<string>) => void;
}) {
  return (
    <TableScroll label="Stragglers" className="rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
      <table className="w-full text-left text-xs" data-testid="stragglers-table">
        <thead className="bg-zinc-50 text-[11px] text-zinc-500 uppercase dark:bg-zinc-900">
          <tr>
            <th scope="col" className="w-8 px-3 py-1.5">
              <span className="sr-only">Pick</span>
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Student
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Course
            </th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">
              Idle days
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Channel
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Suggested tone
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => {
            const block = channelBlock(row.channel, channels);
            const key = stragglerKey(row);
            return (
              <tr key={key} data-testid="straggler-row" className={cn(block && 'text-zinc-400')}>
                <td className="px-3 py-1.5">
                  <input
                    type="checkbox"
                    className={checkboxClass}
                    aria-label={`Pick ${row.email}`}
                    disabled={Boolean(block)}
                    title={block ?? undefined}
                    checked={picked.has(key)}
                    onChange={(event) => {
                      const next = new Set(picked);
                      if (event.target.checked) next.add(key);
                      else next.delete(key);
                      onPickedChange(next);
                    }}
                  />
                </td>
                <td className="px-3 py-1.5">
                  <div className="font-medium text-zinc-800 dark:text-zinc-200">{row.name}</div>
                  <div className="text-[11px] text-zinc-500">{row.email}</div>
                </td>
                <td className="px-3 py-1.5">{row.course.title}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{row.idleDays}</td>
                <td className="px-3 py-1.5" title={block ?? undefined}>
                  {row.channel ? (
                    <Badge tone={block ? 'amber' : 'blue'}>{row.channel}</Badge>
                  ) : (
                    <Badge tone="red">unreachable</Badge>
                  )}
                </td>
                <td className="px-3 py-1.5">{row.suggestedTone.replace('_', '-')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
