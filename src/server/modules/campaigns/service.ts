import { type SQL, sql } from 'drizzle-orm';
import type {
  Campaign,
  CampaignsQuery,
  CampaignsResponse,
  TransitionBody,
} from '../../../contracts/campaigns.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { afterCursor, keysetPage, whereAll } from '../../platform/lists.ts';
import { mutate } from '../../platform/mutation.ts';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

type CampaignRecord = {
  id: string;
  team_id: string;
  team_name: string;
  title: string;
  description: string;
  status: Campaign['status'];
  starts_at: Date | null;
  ends_at: Date | null;
  activated_at: Date | null;
  closed_at: Date | null;
  version: number;
  posts: number;
  created_at: Date;
  sort_key: string;
};

function campaignsOf(where: SQL[], limit: number): SQL {
  return sql`
    SELECT c.id::text AS id, c.team_id::text AS team_id, t.name AS team_name, c.title, c.description, c.status,
           c.starts_at, c.ends_at, c.activated_at, c.closed_at, c.version, c.created_at, c.created_at::text AS sort_key,
           (SELECT count(*)::int FROM posts p WHERE p.campaign_id = c.id) AS posts
      FROM (SELECT * FROM campaigns c ${whereAll(where)}
             ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}) c
      JOIN teams t ON t.id = c.team_id
     ORDER BY c.created_at DESC, c.id DESC`;
}

const toCampaign = (record: CampaignRecord): Campaign => ({
  id: record.id,
  team: { id: record.team_id, name: record.team_name },
  title: record.title,
  description: record.description,
  status: record.status,
  startsAt: iso(record.starts_at),
  endsAt: iso(record.ends_at),
  activatedAt: iso(record.activated_at),
  closedAt: iso(record.closed_at),
  version: Number(record.version),
  posts: Number(record.posts),
  createdAt: iso(record.created_at)!,
});

/** Every campaign across all teams, newest first, by status or team; keyset by (created_at, id). */
export async function listCampaigns(
  db: Db,
  query: CampaignsQuery,
  options: { cursorKey: Buffer | string },
): Promise<CampaignsResponse> {
  const where: SQL[] = [];
  if (query.status) where.push(sql`c.status = ${query.status}`);
  if (query.team) where.push(sql`c.team_id = ${query.team}::uuid`);
  const after = afterCursor(options.cursorKey, query.cursor);
  if (after) where.push(sql`(c.created_at, c.id) < (${after.v}::timestamptz, ${after.id}::uuid)`);
  const records = await rows<CampaignRecord>(db, campaignsOf(where, query.pageSize + 1));
  const page = keysetPage(options.cursorKey, records, query.pageSize, (last) => ({
    v: last.sort_key,
    id: last.id,
  }));
  return { rows: page.shown.map(toCampaign), nextCursor: page.nextCursor };
}

export async function loadCampaign(db: Db, id: string): Promise<Campaign | null> {
  const [record] = await rows<CampaignRecord>(db, campaignsOf([sql`c.id = ${id}::uuid`], 1));
  return record ? toCampaign(record) : null;
}

const NEXT: Record<Campaign['status'], Campaign['status'] | null> = {
  staged: 'active',
  active: 'closed',
  closed: null,
};

/**
 * Moves a campaign one step forward (staged → active → closed), versioned: a stale version or an
 * illegal move answers 409 with the current campaign, and nothing changes.
 */
export async function transitionCampaign(
  database: Database,
  context: RequestContext,
  id: string,
  body: TransitionBody,
  idempotency: IdempotencyRequest | null,
): Promise<Campaign> {
  return mutate(
    database,
    context,
    async (tx) => {
      const [locked] = await rows(tx, sql`SELECT 1 FROM campaigns WHERE id = ${id}::uuid FOR UPDATE`);
      if (!locked) throw new AppError('not_found', `No campaign ${id}`);
      const before = (await loadCampaign(tx, id))!;
      if (before.version !== body.version)
        throw new AppError('conflict', 'Someone changed this campaign first; here is the current one', {
          campaign: before,
        });
      if (NEXT[before.status] !== body.to)
        throw new AppError('conflict', `A ${before.status} campaign cannot become ${body.to}`, {
          campaign: before,
        });
      await tx.execute(
        sql`UPDATE campaigns SET status = ${body.to}, version = version + 1,
               activated_at = CASE WHEN ${body.to} = 'active' THEN now() ELSE activated_at END,
               closed_at = CASE WHEN ${body.to} = 'closed' THEN now() ELSE closed_at END
             WHERE id = ${id}::uuid`,
      );
      const after = (await loadCampaign(tx, id))!;
      return {
        result: after,
        events: [
          {
            type: body.to === 'active' ? 'campaign.activated' : 'campaign.closed',
            subjectType: 'campaign',
            subjectId: id,
            payload: { title: after.title, team: after.team.name, from: before.status, to: after.status },
          },
        ],
      };
    },
    idempotency,
  );
}
