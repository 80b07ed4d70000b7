import { DragDropContext, Draggable, Droppable, type DropResult } from '@hello-pangea/dnd';
import type { Mission, MissionStatus } from '../../../../contracts/missions.ts';
import { cn } from '../../../components/ui/cn.ts';
import { useNow } from '../../../lib/time.ts';
import { STATUS_LABEL, STATUSES } from '../missions.api.ts';
import { MissionCard } from './mission-card.tsx';

const COLUMN_ACCENT: Record<MissionStatus, string> = {
  DETECTED: 'bg-red-500',
  INVESTIGATING: 'bg-amber-500',
  FIXING: 'bg-sky-500',
  SHIPPED: 'bg-emerald-500',
};

/** Four columns; cards move by drag (mouse, or keyboard: space, arrows, space) when `canMove`. */
export function MissionBoard({
  missions,
  canMove,
  onMove,
  onOpen,
}: {
  missions: Mission[];
  canMove: boolean;
  onMove: (mission: Mission, status: MissionStatus) => void;
  onOpen: (id: string) => void;
}) {
  const now = useNow(30_000);
  const onDragEnd = (result: DropResult) => {
    const to = result.destination?.droppableId as MissionStatus | undefined;
    const mission = missions.find((each) => each.id === result.draggableId);
    if (!to || !mission || to === mission.status) return;
    onMove(mission, to);
  };
  return (
    <DragDropContext onDragEnd={onDragEnd}>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-4" data-testid="mission-board">
        {STATUSES.map((status) => {
          const cards = missions.filter((mission) => mission.status === status);
          return (
            <Droppable droppableId={status} key={status} isDropDisabled={!canMove}>
              {(provided, snapshot) => (
                <section
                  aria-label={`${STATUS_LABEL[status]} column`}
                  data-testid={`column-${status}`}
                  className={cn(
                    'flex min-h-48 flex-col rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/40',
                    snapshot.isDraggingOver &&
                      'border-indigo-300 bg-indigo-50/50 dark:border-indigo-800 dark:bg-indigo-950/30',
                  )}
                >
                  <header className="flex items-center justify-between px-3 py-2">
                    <h2 className="flex items-center gap-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-300">
                      <span className={cn('size-2 rounded-full', COLUMN_ACCENT[status])} aria-hidden />
                      {STATUS_LABEL[status]}
                    </h2>
                    <span className="font-mono text-xs text-zinc-400" data-testid="column-count">
                      {cards.length}
                    </span>
                  </header>
                  <ul
                    ref={provided.innerRef}
                    {...provided.droppableProps}
                    className="flex flex-1 flex-col gap-2 px-2 pb-2"
                  >
                    {cards.map((mission, index) => (
                      <Draggable
                        draggableId={mission.id}
                        index={index}
                        key={mission.id}
                        isDragDisabled={!canMove}
                      >
                        {(dragProvided, dragSnapshot) => (
                          <MissionCard
                            mission={mission}
                            provided={dragProvided}
                            dragging={dragSnapshot.isDragging}
                            canMove={canMove}
                            now={now}
                            onOpen={() => onOpen(mission.id)}
                          />
                        )}
                      </Draggable>
                    ))}
                    {provided.placeholder}
                    {cards.length === 0 && !snapshot.isDraggingOver && (
                      <li className="rounded-md border border-dashed border-zinc-200 px-3 py-6 text-center text-xs text-zinc-400 dark:border-zinc-800">
                        No cards
                      </li>
                    )}
                  </ul>
                </section>
              )}
            </Droppable>
          );
        })}
      </div>
    </DragDropContext>
  );
}
