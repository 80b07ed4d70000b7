import type { ReactNode } from 'react';
import { Facts } from '../../../components/ui/card.tsx';

/** "failedLogins" → "Failed logins", "top_ip" → "Top ip". */
const labelOf = (key: string) => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const number = new Intl.NumberFormat();

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-zinc-500">—</span>;
  if (typeof value === 'number') return <>{number.format(value)}</>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (typeof value === 'string') return <span title={value}>{value}</span>;
  if (Array.isArray(value) && value.every((each) => typeof each !== 'object' || each === null))
    return <span title={value.join(', ')}>{value.join(', ')}</span>;
  // Nested shapes stay readable as compact JSON rather than a wall of braces.
  return <code className="font-mono text-[11px]">{JSON.stringify(value)}</code>;
}

/** A card's evidence as labelled facts (what the signal saw), not raw JSON. */
export function MissionEvidence({ evidence }: { evidence: Record<string, unknown> }) {
  const rows = Object.entries(evidence).map(
    ([key, value]) => [labelOf(key), <Value key={key} value={value} />] as [string, ReactNode],
  );
  return (
    <div
      data-testid="mission-evidence"
      className="overflow-hidden rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800"
    >
      <Facts rows={rows} />
    </div>
  );
}
