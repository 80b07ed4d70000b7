import { Lock } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Permission } from '../../contracts/permissions.ts';
import { Badge } from './ui/badge.tsx';
import { Button } from './ui/button.tsx';
import { Card, CardHeader } from './ui/card.tsx';
import { cn } from './ui/cn.ts';

/** One action: always listed; without its permission it says why and offers nothing to click. */
export function ActionCard({
  title,
  icon,
  description,
  permission,
  allowed,
  children,
  className,
  testId,
}: {
  title: string;
  icon: ReactNode;
  description: ReactNode;
  permission: Permission;
  allowed: boolean;
  children: ReactNode;
  className?: string;
  testId: string;
}) {
  return (
    <Card className={cn('flex flex-col', className)}>
      <div data-testid={testId} aria-disabled={!allowed || undefined} className="flex flex-1 flex-col">
        <CardHeader title={title} icon={icon} actions={<Badge>{permission}</Badge>} />
        <div className="flex flex-1 flex-col gap-3 p-4">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{description}</p>
          {allowed ? (
            children
          ) : (
            <p className="flex items-center gap-2 rounded-md bg-zinc-50 px-3 py-2 text-xs text-zinc-500 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
              <Lock className="size-3.5 shrink-0" aria-hidden />
              Unavailable: your role lacks the {permission} permission.
            </p>
          )}
        </div>
      </div>
    </Card>
  );
}

/** A small number with its label, for previews and results. */
export function Stat({
  label,
  value,
  tone,
}: {
  label: string;
  value: ReactNode;
  tone?: 'green' | 'red' | 'amber';
}) {
  return (
    <div className="rounded-md bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
      <div className="text-[11px] text-zinc-500">{label}</div>
      <div
        className={cn(
          'text-lg font-semibold tabular-nums text-zinc-900 dark:text-zinc-100',
          tone === 'green' && 'text-emerald-700 dark:text-emerald-400',
          tone === 'red' && 'text-red-600 dark:text-red-400',
          tone === 'amber' && 'text-amber-700 dark:text-amber-400',
        )}
      >
        {value}
      </div>
    </div>
  );
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700 ring-1 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900"
    >
      {errorText(error)}
    </p>
  );
}

/** Preview and Run for an action that takes no input (Health Pulse, Drift Scan), then what failed. */
export function PreviewRun({
  flow,
  previewing,
}: {
  flow: { busy: 'preview' | 'commit' | undefined; error: unknown; preview: () => void; commit: () => void };
  /** The Preview button's label while it runs. */
  previewing: string;
}) {
  return (
    <>
      <div className="flex gap-2">
        <Button size="sm" onClick={flow.preview} disabled={Boolean(flow.busy)}>
          {flow.busy === 'preview' ? previewing : 'Preview'}
        </Button>
        <Button size="sm" variant="primary" onClick={flow.commit} disabled={Boolean(flow.busy)}>
          {flow.busy === 'commit' ? 'Running…' : 'Run'}
        </Button>
      </div>
      <InlineError error={flow.error} />
    </>
  );
}
