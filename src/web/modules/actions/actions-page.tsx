import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { SquareKanban } from 'lucide-react';
import type { Mission } from '../../../contracts/missions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { api } from '../../lib/api.ts';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { FromMissionProvider } from '../missions/from-mission.tsx';
import { RefundCard } from '../refunds/components/refund-card.tsx';
import { HealthPulseCard } from '../signals/components/health-pulse-card.tsx';
import { StragglersCard } from '../stragglers/components/stragglers-card.tsx';
import { DriftScanCard } from './components/drift-scan-card.tsx';
import { GrantTokensCard } from './components/grant-tokens-card.tsx';
import { MorningBriefCard } from './components/morning-brief-card.tsx';

const route = getRouteApi('/_console/actions');

/** Which rule applies: the card the tab was opened from, or a new SHIPPED card per action. */
function BoardNote({ missionId }: { missionId: string | undefined }) {
  const card = useQuery({
    queryKey: ['missions', missionId, 'one'],
    enabled: Boolean(missionId),
    queryFn: ({ signal }) =>
      api<{ mission: Mission }>(`/api/admin/missions/${missionId}`, { signal }).then((body) => body.mission),
  });
  if (!missionId) {
    return (
      <p className="mb-4 flex items-center gap-2 text-xs text-zinc-500" data-testid="actions-board-rule">
        <SquareKanban className="size-3.5" aria-hidden />
        Grants, refunds and straggler messages sent from here are recorded on the Missions board as a card in
        Shipped.
      </p>
    );
  }
  return (
    <div
      role="status"
      data-testid="actions-board-rule"
      className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900 ring-1 ring-sky-200 dark:bg-sky-950/40 dark:text-sky-100 dark:ring-sky-900"
    >
      <SquareKanban className="size-3.5" aria-hidden />
      <span>
        Acting for the card <strong>{card.data?.title ?? '…'}</strong>: grants, refunds and straggler messages
        join its timeline.
      </span>
      <Link
        to="/missions"
        search={{ mission: missionId }}
        className="font-medium text-sky-800 underline underline-offset-2 dark:text-sky-200"
      >
        Open the card
      </Link>
      <Link
        to="/actions"
        search={{}}
        className="font-medium text-sky-800 underline underline-offset-2 dark:text-sky-200"
      >
        Act without it
      </Link>
    </div>
  );
}

/** The Actions tab: one card per operation, each from the folder of its feature. */
export function ActionsPage() {
  const me = useMe().data;
  const { mission } = route.useSearch();
  usePageTelemetry('/actions', '/api/admin/actions', 0);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="Actions"
        description="One-click operations. Each previews first, then commits once (a double click does not act twice) and lands in the audit log."
      />
      <BoardNote missionId={mission} />
      <FromMissionProvider missionId={mission}>
        <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
          <HealthPulseCard allowed={can(me, 'run_signals')} />
          <MorningBriefCard allowed={can(me, 'view_analytics')} canSend={can(me, 'send_messages')} />
          <GrantTokensCard allowed={can(me, 'grant_tokens')} />
          <RefundCard allowed={can(me, 'refund')} />
          <DriftScanCard allowed={can(me, 'run_signals')} />
          <StragglersCard allowed={can(me, 'send_messages')} />
        </div>
      </FromMissionProvider>
    </div>
  );
}
