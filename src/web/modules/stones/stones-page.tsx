import { getRouteApi } from '@tanstack/react-router';
import { QrCode } from 'lucide-react';
import { useState } from 'react';
import { ExportLink } from '../../components/export-link.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { cn } from '../../components/ui/cn.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { BatchesPanel } from './components/batches-panel.tsx';
import { GenerateDialog } from './components/generate-dialog.tsx';
import { StonesInventory } from './components/stones-inventory.tsx';
import { stonesExportHref } from './stones.api.ts';

const route = getRouteApi('/_console/stones');

export function StonesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const [generating, setGenerating] = useState(false);
  const { view, ...filters } = search;
  const tab = (name: 'inventory' | 'batches', label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={(view ?? 'inventory') === name}
      onClick={() => void navigate({ search: name === 'batches' ? { view: 'batches' } : {} })}
      className={cn(
        'border-b-2 px-3 py-2 text-sm font-medium',
        (view ?? 'inventory') === name
          ? 'border-indigo-500 text-zinc-900 dark:text-zinc-100'
          : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200',
      )}
    >
      {label}
    </button>
  );

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Stones"
        description="Every stone and pebble: activated or waiting to be scanned, premapped or not."
        actions={
          <>
            {view === 'batches' ? null : (
              <ExportLink href={stonesExportHref(filters)} testId="stones-export" />
            )}
            {can(me, 'generate_qr') ? (
              <Button variant="primary" onClick={() => setGenerating(true)}>
                <QrCode className="size-4" aria-hidden /> Generate QR
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <div role="tablist" className="flex gap-1 border-b border-zinc-100 px-2 dark:border-zinc-800">
          {tab('inventory', 'Inventory')}
          {tab('batches', 'Batches')}
        </div>
        {view === 'batches' ? (
          <BatchesPanel canPrint={can(me, 'generate_qr')} />
        ) : (
          <StonesInventory filters={filters} onApply={(next) => void navigate({ search: next })} />
        )}
      </Card>
      <GenerateDialog
        open={generating}
        onOpenChange={setGenerating}
        onDone={(batchId) => {
          setGenerating(false);
          void navigate({ to: '/stones/batches/$id/sheet', params: { id: batchId } });
        }}
      />
    </div>
  );
}
