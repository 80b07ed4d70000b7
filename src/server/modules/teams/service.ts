import { type SQL, sql } from 'drizzle-orm';
import type { TeamResponse, TeamRow, TeamsQuery, TeamsResponse } from '../../../contracts/teams.ts';
import { type Db, rows } from '../../db/client.ts';
import { afterCursor, keysetPage, whereAll } from '../../platform/lists.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

type TeamRecord = {
  id: string;
  name: string;
  kind: TeamRow['kind'];
  members: number;
  campaigns: number;
  created_at: Date | string;
  sort_key: string;
};

/** The per-team counts are taken for the page only, after the LIMIT. */
function teamPage(where: SQL[], limit: number): SQL {
  return sql`
    SELECT t.id::text AS id, t.name, t.kind, t.created_at, t.created_at::text AS sort_key,
           (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id) AS members,
           (SELECT count(*)::int FROM campaigns c WHERE c.team_id = t.id) AS campaigns
      FROM (SELECT * FROM teams t ${whereAll(where)}
             ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit}) t
     ORDER BY t.created_at DESC, t.id DESC`;
}

const toTeam = (record: TeamRecord): TeamRow => ({
  id: record.id,
  name: record.name,
  kind: record.kind,
  members: Number(record.members),
  campaigns: Number(record.campaigns),
  createdAt: iso(record.created_at),
});

/** Teams, newest first, filtered by kind, name or member; keyset-paginated by (created_at, id). */
export async function listTeams(
  db: Db,
  query: TeamsQuery,
  options: { cursorKey: Buffer | string },
): Promise<TeamsResponse> {
  const where: SQL[] = [];
  if (query.kind) where.push(sql`t.kind = ${query.kind}`);
  if (query.query) where.push(sql`t.name ILIKE ${`%${query.query.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (query.member)
    where.push(
      sql`EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = ${query.member}::uuid)`,
    );
  const after = afterCursor(options.cursorKey, query.cursor);
  if (after) where.push(sql`(t.created_at, t.id) < (${after.v}::timestamptz, ${after.id}::uuid)`);
  const records = await rows<TeamRecord>(db, teamPage(where, query.pageSize + 1));
  const page = keysetPage(options.cursorKey, records, query.pageSize, (last) => ({
    v: last.sort_key,
    id: last.id,
  }));
  return { rows: page.shown.map(toTeam), nextCursor: page.nextCursor };
}

/** A team with its members (owners first) and its campaigns; null if none. */
export async function loadTeam(db: Db, id: string): Promise<TeamResponse | null> {
  const [record] = await rows<TeamRecord>(db, teamPage([sql`t.id = ${id}::uuid`], 1));
  if (!record) return null;
  const [members, campaigns] = await Promise.all([
    rows<{
      user_id: string;
      email: string;
      name: string;
      status: string;
      role: 'owner' | 'member';
      joined_at: Date;
    }>(
      db,
      sql`SELECT m.user_id::text AS user_id, u.email, u.name, u.status, m.role, m.joined_at
            FROM team_members m JOIN users u ON u.id = m.user_id
           WHERE m.team_id = ${id}::uuid ORDER BY m.role DESC, m.joined_at LIMIT 500`,
    ),
    rows<{ id: string; title: string; status: string }>(
      db,
      sql`SELECT id::text AS id, title, status FROM campaigns WHERE team_id = ${id}::uuid ORDER BY created_at DESC LIMIT 100`,
    ),
  ]);
  return {
    team: toTeam(record),
    members: members.map((member) => ({
      userId: member.user_id,
      email: member.email,
      name: member.name,
      status: member.status,
      role: member.role,
      joinedAt: iso(member.joined_at),
    })),
    campaigns,
  };
}
