import { getRouteApi } from '@tanstack/react-router';
import { Eye, Plus } from 'lucide-react';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/ui/states.tsx';
import { usePageTelemetry } from '../../lib/telemetry.ts';
import { can, useMe } from '../auth/auth.api.ts';
import { MissionBoard } from './components/mission-board.tsx';
import { MissionDrawer } from './components/mission-drawer.tsx';
import { NewMissionDialog } from './components/new-mission-dialog.tsx';
import { useLiveMissions, useMissions, useMoveMission } from './missions.api.ts';

const route = getRouteApi('/_console/missions');

export function MissionsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe().data;
  const missions = useMissions();
  const move = useMoveMission();
  const [creating, setCreating] = useState(false);
  const canMove = can(me, 'manage_missions');
  useLiveMissions();
  usePageTelemetry('/missions', '/api/admin/missions', missions.data?.length);

  const open = (id: string) => void navigate({ search: { mission: id } });
  const close = () => void navigate({ search: {} });

  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Missions"
        description="Problems found by signals or by people, from detection to shipped fix. Moves by others appear live."
        actions={
          canMove ? (
            <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
              <Plus className="size-3.5" aria-hidden /> New mission
            </Button>
          ) : (
            <span
              className="flex items-center gap-1.5 text-xs text-zinc-500"
              title="Your role lacks the manage_missions permission"
            >
              <Eye className="size-3.5" aria-hidden /> Read-only board
            </span>
          )
        }
      />
      {missions.data ? (
        missions.data.length === 0 ? (
          <Card>
            <EmptyState
              title="No missions"
              action={
                canMove ? (
                  <Button size="sm" onClick={() => setCreating(true)}>
                    New mission
                  </Button>
                ) : undefined
              }
            >
              Nothing is on the board. Health Pulse opens cards when it finds a problem.
            </EmptyState>
          </Card>
        ) : (
          <MissionBoard missions={missions.data} canMove={canMove} onMove={move} onOpen={open} />
        )
      ) : missions.isError ? (
        <Card>
          <ErrorState
            error={missions.error}
            onRetry={() => void missions.refetch()}
            title="Could not load missions"
          />
        </Card>
      ) : (
        <div
          role="status"
          aria-label="Loading missions"
          className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-4"
        >
          {[0, 1, 2, 3].map((column) => (
            <Skeleton key={column} className="h-64" />
          ))}
        </div>
      )}
      <NewMissionDialog open={creating} onOpenChange={setCreating} />
      <MissionDrawer id={search.mission} board={missions.data} me={me} onClose={close} />
    </div>
  );
}
