import { PageHeader } from '../../components/page-header.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { GrantTokensCard } from './components/grant-tokens-card.tsx';
import { RefundCard } from './components/refund-card.tsx';
import { DriftScanCard, HealthPulseCard, MorningBriefCard } from './components/signal-cards.tsx';
import { StragglersCard } from './components/stragglers-card.tsx';

export function ActionsPage() {
  const me = useMe().data;
  usePageTelemetry('/actions', '/api/admin/actions', 0);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="Actions"
        description="One-click operations. Each previews first, then commits once (a double click does not act twice) and lands in the audit log."
      />
      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
        <HealthPulseCard allowed={can(me, 'run_signals')} />
        <MorningBriefCard allowed={can(me, 'view_analytics')} canSend={can(me, 'send_messages')} />
        <GrantTokensCard allowed={can(me, 'grant_tokens')} />
        <RefundCard allowed={can(me, 'refund')} />
        <DriftScanCard allowed={can(me, 'run_signals')} />
        <StragglersCard allowed={can(me, 'send_messages')} />
      </div>
    </div>
  );
}
