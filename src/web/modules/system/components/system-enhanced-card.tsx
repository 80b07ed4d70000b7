import { Sparkles } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardHeader } from '../../../components/ui/card.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { StepUpCancelled } from '../../../lib/step-up.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useSaveSettings } from '../system.api.ts';

/**
 * ADMIN_ENHANCED's runtime switch. A base block: it stays while the enhanced blocks are hidden,
 * so whoever turned them off can turn them back on.
 */
export function SystemEnhancedCard({ editable }: { editable: boolean }) {
  const on = useMe().data?.adminEnhanced ?? true;
  const save = useSaveSettings();
  const change = (next: boolean) =>
    save.mutate(
      { adminEnhanced: next },
      {
        onSuccess: () => toast.success(next ? 'Enhanced console on' : 'Enhanced console off'),
        onError: (error) => {
          if (!(error instanceof StepUpCancelled)) toast.error(error.message);
        },
      },
    );
  return (
    <Card>
      <CardHeader title="Enhanced console" icon={<Sparkles className="size-4 text-zinc-400" aria-hidden />} />
      <div className="flex items-start justify-between gap-3 px-4 py-3" data-testid="system-enhanced">
        <div className="min-w-0 flex-1">
          <p className="text-sm text-zinc-800 dark:text-zinc-200">ADMIN_ENHANCED</p>
          <p className="text-xs text-zinc-500">
            The upgraded blocks (Users columns, filters and actions, User 360 sections, health and settings
            cards, Stripe, catalog and analytics additions). Off hides them on every open console at once.
            {editable ? '' : ' Changing it needs manage_settings.'}
          </p>
        </div>
        <Switch
          checked={on}
          label="Enhanced console"
          disabled={!editable || save.isPending}
          onChange={change}
        />
      </div>
    </Card>
  );
}
