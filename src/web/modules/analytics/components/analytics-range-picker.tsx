import { useEffect, useState } from 'react';
import type { AnalyticsRange } from '../../../../contracts/analytics.ts';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { Input } from '../../../components/ui/input.tsx';
import type { AnalyticsSearch } from '../analytics.api.ts';

const PRESETS: [AnalyticsRange, string][] = [
  ['today', 'Today'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['custom', 'Custom'],
];

/** Today / 7 days / 30 days / Custom: a change goes to the URL, which every tile and chart reads. */
export function AnalyticsRangePicker({
  search,
  onChange,
}: {
  search: AnalyticsSearch;
  onChange: (next: AnalyticsSearch) => void;
}) {
  const range = search.range ?? '7d';
  const [from, setFrom] = useState(search.from ?? '');
  const [to, setTo] = useState(search.to ?? '');
  const [custom, setCustom] = useState(range === 'custom');
  useEffect(() => {
    setFrom(search.from ?? '');
    setTo(search.to ?? '');
    setCustom(search.range === 'custom');
  }, [search.from, search.to, search.range]);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <fieldset className="inline-flex flex-wrap rounded-md border border-zinc-200 p-0.5 dark:border-zinc-700">
        <legend className="sr-only">Time range</legend>
        {PRESETS.map(([value, label]) => {
          const active = value === 'custom' ? custom : !custom && range === value;
          return (
            <button
              key={value}
              type="button"
              aria-pressed={active}
              onClick={() => {
                if (value === 'custom') setCustom(true);
                else {
                  setCustom(false);
                  onChange({ range: value });
                }
              }}
              className={cn(
                'h-7 rounded px-2.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-500',
                active
                  ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                  : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
              )}
            >
              {label}
            </button>
          );
        })}
      </fieldset>
      {custom && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ range: 'custom', from, to });
          }}
        >
          <label className="sr-only" htmlFor="analytics-from">
            From
          </label>
          <Input
            id="analytics-from"
            type="date"
            className="h-8 w-auto"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            required
          />
          <span className="text-xs text-zinc-500" aria-hidden>
            –
          </span>
          <label className="sr-only" htmlFor="analytics-to">
            To
          </label>
          <Input
            id="analytics-to"
            type="date"
            className="h-8 w-auto"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            required
          />
          <Button size="sm" type="submit" variant="primary">
            Apply
          </Button>
        </form>
      )}
    </div>
  );
}
