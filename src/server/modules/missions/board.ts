import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { EventInput, RequestContext } from '../../platform/audit/append.ts';

/** What an action did, for the board (seed 000: every action leaves an operator-visible card). */
export type BoardRecord = {
  /** The card the action was taken from (`body.missionId`); absent → a new card straight in SHIPPED. */
  missionId?: string | null | undefined;
  /** What was done, as a person says it ("Granted 50 tokens to ana@example.com"): the new card's title. */
  title: string;
  /** The action's own event type (`tokens.granted`) and what it acted on. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** Facts for the timeline line or the new card's evidence (amounts, ids; never secrets). */
  details?: Record<string, unknown>;
  /** Where a new card lands: SHIPPED (done) unless the outcome needs someone, e.g. a failed refund. */
  status?: 'SHIPPED' | 'DETECTED';
};

const NO_SUCH_MISSION = () =>
  new AppError('bad_request', 'Invalid input — body.missionId: no such mission', [
    { path: 'body.missionId', message: 'no such mission' },
  ]);

/** For an action that acts outside its transaction first (a send): refuses an unknown card up front. */
export async function assertMissionExists(db: Db, missionId: string): Promise<void> {
  const [card] = await rows(db, sql`SELECT 1 FROM missions WHERE id = ${missionId}::uuid`);
  if (!card) throw NO_SUCH_MISSION();
}

/**
 * THE way an action leaves its mark on the board, called by the action inside its own mutate()
 * transaction so the card (or the card's timeline line) and the action commit together. From a
 * card: a `mission.action_recorded` event on that card, which its drawer's timeline shows. Without
 * one: a new card titled by what was done, owned by whoever did it, with its `mission.created`
 * event. Answers the card's id and the events to append with the action's own.
 */
export async function recordOnBoard(
  tx: Db,
  context: RequestContext,
  record: BoardRecord,
): Promise<{ missionId: string; events: EventInput[] }> {
  const title = record.title.slice(0, 200);
  const fact = {
    summary: title,
    action: record.action,
    // Flat, so the card's evidence reads as facts rather than JSON.
    actedOnType: record.subjectType,
    actedOnId: record.subjectId,
    ...record.details,
  };
  if (record.missionId) {
    const [card] = await rows<{ id: string; title: string }>(
      tx,
      sql`UPDATE missions SET updated_at = now() WHERE id = ${record.missionId}::uuid
          RETURNING id::text AS id, title`,
    );
    if (!card) throw NO_SUCH_MISSION();
    return {
      missionId: card.id,
      events: [
        {
          type: 'mission.action_recorded',
          subjectType: 'mission',
          subjectId: card.id,
          payload: { title: card.title, ...fact },
        },
      ],
    };
  }
  const status = record.status ?? 'SHIPPED';
  // Only staff may own a card: a job (the refund reconciler) leaves it unowned.
  const [created] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO missions (title, status, priority, owner_id, evidence, shipped_at)
        VALUES (${title}, ${status}, ${status === 'SHIPPED' ? 'low' : 'high'},
                (SELECT user_id FROM admin_users WHERE user_id = ${context.actor.id}::uuid),
                ${JSON.stringify(fact)}::jsonb, ${status === 'SHIPPED' ? sql`now()` : sql`NULL`})
        RETURNING id::text AS id`,
  );
  return {
    missionId: created!.id,
    events: [
      {
        type: 'mission.created',
        subjectType: 'mission',
        subjectId: created!.id,
        payload: {
          title,
          priority: status === 'SHIPPED' ? 'low' : 'high',
          status,
          source: 'action',
          ...fact,
        },
      },
    ],
  };
}
