import { sql } from 'drizzle-orm';
import type { SyncRun } from '../../../../contracts/stripe.ts';
import type { Config } from '../../../config.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { Payments } from '../../../integrations/stripe.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { mutate } from '../../../platform/mutation.ts';
import { chargeFacts, refundFacts } from './facts.ts';
import { type Outcome, upsertPayment, upsertRefund } from './upsert.ts';

export type Syncing = { database: Database; payments: Payments; fault: Config['fault'] };

/** A run whose heartbeat is older than this lost its process: the next start marks it interrupted. */
const STALE_AFTER_SECONDS = 30;
/** Charges refunded or changed shortly before the last run's start are looked at again. */
const OVERLAP_SECONDS = 3600;

type SyncRow = {
  id: string;
  status: SyncRun['status'];
  since: Date | string | null;
  pages: number;
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};
const iso = (value: Date | string) => new Date(value).toISOString();
const toRun = (row: SyncRow): SyncRun => ({
  id: row.id,
  status: row.status,
  since: row.since ? iso(row.since) : null,
  pages: row.pages,
  seen: row.seen,
  created: row.created,
  updated: row.updated,
  unchanged: row.unchanged,
  error: row.error,
  startedAt: iso(row.started_at),
  finishedAt: row.finished_at ? iso(row.finished_at) : null,
});
const COLUMNS = sql`id::text AS id, status, since, pages, seen, created, updated, unchanged, error, started_at, finished_at`;

export async function loadSync(db: Db, id?: string): Promise<SyncRun | null> {
  const [row] = await rows<SyncRow>(
    db,
    id
      ? sql`SELECT ${COLUMNS} FROM stripe_syncs WHERE id = ${id}::uuid`
      : sql`SELECT ${COLUMNS} FROM stripe_syncs ORDER BY started_at DESC LIMIT 1`,
  );
  return row ? toRun(row) : null;
}

/**
 * Starts a sync, or answers the one already running (two clicks, one sync): the claim is the insert
 * of the single `running` row the unique index allows. A running row whose heartbeat stopped is
 * marked interrupted first. The work goes on after the answer; `loadSync` reports its progress.
 */
export async function startSync(
  deps: Syncing,
  context: RequestContext,
): Promise<{ sync: SyncRun; started: boolean; done: Promise<void> }> {
  if (!deps.payments.configured)
    throw new AppError('not_configured', deps.payments.unavailableReason ?? 'Stripe is not configured');
  const claimed = await mutate(deps.database, context, async (tx) => {
    const stale = await rows<{ id: string }>(
      tx,
      sql`UPDATE stripe_syncs SET status = 'interrupted', finished_at = now(), error = 'the process running it stopped'
           WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})
       RETURNING id::text AS id`,
    );
    const [last] = await rows<{ started_at: Date | string }>(
      tx,
      sql`SELECT started_at FROM stripe_syncs WHERE status = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
    );
    const since = last ? new Date(new Date(last.started_at).getTime() - OVERLAP_SECONDS * 1000) : null;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO stripe_syncs (since, started_by) VALUES (${since?.toISOString() ?? null}::timestamptz, ${context.actor.id}::uuid)
          ON CONFLICT DO NOTHING RETURNING id::text AS id`,
    );
    return {
      result: row ? { id: row.id, since } : null,
      events: row
        ? [
            {
              type: 'stripe.sync_started',
              subjectType: 'stripe_sync',
              subjectId: row.id,
              payload: { since: since?.toISOString() ?? null, interrupted: stale.map((item) => item.id) },
            },
          ]
        : [],
    };
  });
  if (!claimed) {
    const running = await rows<SyncRow>(
      deps.database.db,
      sql`SELECT ${COLUMNS} FROM stripe_syncs WHERE status = 'running' LIMIT 1`,
    );
    if (!running[0]) throw new AppError('conflict', 'A sync just finished; start again');
    return { sync: toRun(running[0]), started: false, done: Promise.resolve() };
  }
  const done = runSync(deps, context, claimed.id, claimed.since);
  return { sync: (await loadSync(deps.database.db, claimed.id))!, started: true, done };
}

type Counts = { pages: number; seen: number; created: number; updated: number; unchanged: number };

/** Pages through charges, then refunds, each page upserted in one transaction with the run's progress. */
async function runSync(deps: Syncing, context: RequestContext, id: string, since: Date | null) {
  const { database, payments } = deps;
  const counts: Counts = { pages: 0, seen: 0, created: 0, updated: 0, unchanged: 0 };
  const tally = (outcome: Outcome) => {
    counts.seen += 1;
    counts[outcome] += 1;
  };
  const savePage = async (work: (tx: Db) => Promise<void>) => {
    await database.db.transaction(async (tx) => {
      await work(tx);
      counts.pages += 1;
      await tx.execute(
        sql`UPDATE stripe_syncs SET pages = ${counts.pages}, seen = ${counts.seen}, created = ${counts.created},
                                    updated = ${counts.updated}, unchanged = ${counts.unchanged}, heartbeat_at = now()
             WHERE id = ${id}::uuid`,
      );
    });
    if (deps.fault === 'during_stripe_sync') process.kill(process.pid, 'SIGKILL');
  };
  try {
    let after: string | undefined;
    for (;;) {
      const page = await payments.listCharges({ since, ...(after ? { startingAfter: after } : {}) });
      await savePage(async (tx) => {
        for (const charge of page.data) {
          const facts = chargeFacts(charge as unknown as Record<string, unknown>);
          if (facts.amountCents <= 0) continue;
          tally((await upsertPayment(tx, facts)).outcome);
        }
      });
      if (!page.hasMore || page.data.length === 0) break;
      after = page.data[page.data.length - 1]!.id;
    }
    after = undefined;
    for (;;) {
      const page = await payments.listRefunds({ since, ...(after ? { startingAfter: after } : {}) });
      await savePage(async (tx) => {
        for (const refund of page.data) {
          const facts = refundFacts(refund as unknown as Record<string, unknown>);
          const [payment] = await rows<{ id: string }>(
            tx,
            sql`SELECT id::text AS id FROM payments WHERE stripe_charge_id = ${facts.chargeId}`,
          );
          // A refund of a charge older than the window: its charge is fetched on the next full sync.
          if (payment) tally(await upsertRefund(tx, payment.id, facts));
        }
      });
      if (!page.hasMore || page.data.length === 0) break;
      after = page.data[page.data.length - 1]!.id;
    }
    await finish(deps.database, context, id, 'succeeded', counts, null);
  } catch (error) {
    await finish(deps.database, context, id, 'failed', counts, (error as Error).message.slice(0, 500)).catch(
      () => {},
    );
  }
}

async function finish(
  database: Database,
  context: RequestContext,
  id: string,
  status: 'succeeded' | 'failed',
  counts: Counts,
  error: string | null,
) {
  await mutate(database, context, async (tx) => {
    await tx.execute(
      sql`UPDATE stripe_syncs SET status = ${status}, error = ${error}, finished_at = now(), heartbeat_at = now()
           WHERE id = ${id}::uuid AND status = 'running'`,
    );
    return {
      result: null,
      events: [
        {
          type: status === 'succeeded' ? 'stripe.synced' : 'stripe.sync_failed',
          subjectType: 'stripe_sync',
          subjectId: id,
          payload: { ...counts, error },
        },
      ],
    };
  });
}
