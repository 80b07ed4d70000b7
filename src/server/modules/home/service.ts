import { sql } from 'drizzle-orm';
import type { HomeResponse } from '../../../contracts/home.ts';
import { type Db, rows } from '../../db/client.ts';

/**
 * The counts of the /admin grid, in one round trip. "Self-pair", "registered only" and "completed
 * genesis" are the README's definitions (Community → Definitions).
 */
export async function homeCounts(db: Db): Promise<HomeResponse> {
  const [row] = await rows<Record<string, number | string | null>>(
    db,
    sql`SELECT
      (SELECT count(*) FROM users WHERE status <> 'deleted') AS people,
      (SELECT count(DISTINCT m.user_id) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.kind = 'self_pair') AS self_pairs,
      (SELECT count(*) FROM users u WHERE u.status <> 'deleted' AND u.onboarded_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id
                           WHERE m.user_id = u.id AND t.kind = 'self_pair')) AS registered_only,
      (SELECT count(DISTINCT activated_by) FROM stones WHERE activated_by IS NOT NULL) AS completed_genesis,
      (SELECT count(*) FROM teams) AS teams,
      (SELECT count(*) FROM teams WHERE kind = 'group') AS groups,
      (SELECT count(*) FROM stones) AS stones,
      (SELECT count(*) FROM stones WHERE status = 'activated') AS activated,
      (SELECT count(*) FROM stones WHERE location_id IS NOT NULL) AS premapped,
      (SELECT count(*) FROM campaigns WHERE status = 'staged') AS staged,
      (SELECT count(*) FROM campaigns WHERE status = 'active') AS active,
      (SELECT count(*) FROM campaigns WHERE status = 'closed') AS closed,
      (SELECT count(*) FROM orders) AS orders,
      (SELECT count(*) FROM orders WHERE created_at > now() - interval '30 days') AS orders_30,
      (SELECT count(*) FROM post_flags WHERE status = 'open') AS open_flags,
      (SELECT count(DISTINCT post_id) FROM post_flags WHERE status = 'open') AS flagged_posts,
      (SELECT count(*) FROM stone_batches) AS batches,
      (SELECT max(created_at) FROM stone_batches) AS last_batch`,
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    people: {
      total: n('people'),
      selfPairs: n('self_pairs'),
      registeredOnly: n('registered_only'),
      completedGenesis: n('completed_genesis'),
    },
    teams: { total: n('teams'), groups: n('groups') },
    stones: { total: n('stones'), activated: n('activated'), premapped: n('premapped') },
    campaigns: { staged: n('staged'), active: n('active'), closed: n('closed') },
    orders: { total: n('orders'), last30Days: n('orders_30') },
    moderation: { openFlags: n('open_flags'), flaggedPosts: n('flagged_posts') },
    batches: {
      total: n('batches'),
      lastAt: row?.last_batch ? new Date(row.last_batch as string).toISOString() : null,
    },
  };
}
