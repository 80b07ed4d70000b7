import { PageHeader } from '../../components/page-header.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { RefundCard } from '../refunds/components/refund-card.tsx';
import { HealthPulseCard } from '../signals/components/health-pulse-card.tsx';
import { StragglersCard } from '../stragglers/components/stragglers-card.tsx';
import { DriftScanCard } from './components/drift-scan-card.tsx';
import { GrantTokensCard } from './components/grant-tokens-card.tsx';
import { MorningBriefCard } from './components/morning-brief-card.tsx';

/** The Actions tab: one card per operation, each from the folder of its feature. */
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
