import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { QueueQuery } from '../src/contracts/moderation.ts';
import { StonesQuery } from '../src/contracts/stones.ts';
import { TeamsQuery } from '../src/contracts/teams.ts';
import { type Db, openDatabase } from '../src/server/db/client.ts';
import { seedDemoCommunity } from '../src/server/demo/community.ts';
import { seedDemoMembers } from '../src/server/demo/members.ts';
import { moderationQueue } from '../src/server/modules/moderation/service.ts';
import { generateStones } from '../src/server/modules/stones/service/batches.ts';
import { listStones } from '../src/server/modules/stones/service/list.ts';
import { listTeams } from '../src/server/modules/teams/service.ts';
import { type ServiceCase, timeCases } from './lib/explain.ts';
import { int, ms, now, numberOption } from './lib/figures.ts';
import type { BenchContext, Benchmark } from './lib/harness.ts';

/** `npm run bench -- community --stones N` scales a trial run down (posts and flags follow). */
const STONES = numberOption('--stones', 1_000_000);
const POSTS = Math.round(STONES / 5);
const OPEN_FLAGS = Math.round(STONES / 50);
const PEOPLE = Math.min(50_000, Math.max(1_000, Math.round(STONES / 20)));
const GENERATE = 1_000;
const TARGET_P95_MS = 50;
const TARGET_GENERATE_MS = 2_000;

export const communityBenchmark: Benchmark = {
  name: 'community',
  description: `Stones list (every filter), moderation queue and Teams at ${int(STONES)} stones, ${int(POSTS)} posts, ${int(OPEN_FLAGS)} open flags; Generate QR of ${int(GENERATE)}`,
  async run({ url, log }: BenchContext) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const seedStart = now();
      log(`seeding ${int(PEOPLE)} members, then the community (seedDemoMembers, seedDemoCommunity)`);
      await seedDemoMembers(database, { members: PEOPLE, loginEvents: PEOPLE });
      await seedDemoCommunity(database, {
        people: PEOPLE,
        stones: STONES,
        posts: POSTS,
        log: (line) => log(`  ${line}`),
      });
      // The demo flags a few dozen posts; the bench leaves OPEN_FLAGS open flags over as many posts.
      await database.sql.exec(`
        WITH reporters AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM users ORDER BY id LIMIT 500),
             flagged AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM posts
                          WHERE id NOT IN (SELECT post_id FROM post_flags) LIMIT ${OPEN_FLAGS})
        INSERT INTO post_flags (post_id, reporter_id, reason, note, status, created_at)
        SELECT f.id, r.id, (ARRAY['spam', 'harassment', 'self_harm', 'explicit', 'other'])[1 + f.n % 5],
               'bench flag ' || f.n, 'open', now() - (f.n % 10000) * interval '1 minute'
          FROM flagged f JOIN reporters r ON r.k = f.n % 500;`);
      for (const table of ['stones', 'posts', 'post_flags', 'teams', 'team_members', 'campaigns'])
        await database.sql.exec(`VACUUM (ANALYZE) ${table}`);
      log(`seeded in ${((now() - seedStart) / 1000).toFixed(1)} s`);

      const cursorKey = randomBytes(32);
      const [batch] = await database.sql.query<{ id: string }>(
        `SELECT batch_id::text AS id FROM stones WHERE batch_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      );
      const [prefix] = await database.sql.query<{ code: string }>(
        `SELECT left(code, 2) AS code FROM stones ORDER BY code LIMIT 1 OFFSET ${Math.floor(STONES / 2)}`,
      );
      const stones = (input: Record<string, unknown>) => (db: Db) =>
        listStones(db, StonesQuery.parse({ pageSize: 50, ...input }), { cursorKey });
      let deepCursor = '';
      for (let page = 0; page < 100; page++) {
        const answer = await stones(deepCursor ? { cursor: deepCursor } : {})(database.db);
        if (!answer.nextCursor) throw new Error(`the inventory ended after ${page + 1} pages`);
        deepCursor = answer.nextCursor;
      }
      const cases: ServiceCase[] = [
        { name: 'stones: first page', run: stones({}) },
        { name: 'stones: pebbles', run: stones({ kind: 'pebble' }) },
        { name: 'stones: activated', run: stones({ status: 'activated' }) },
        { name: 'stones: unactivated stones', run: stones({ kind: 'stone', status: 'unactivated' }) },
        { name: 'stones: premapped', run: stones({ premapped: 'true' }) },
        { name: 'stones: not premapped', run: stones({ premapped: 'false' }) },
        { name: 'stones: one batch', run: stones({ batch: batch!.id }) },
        { name: `stones: code prefix ${prefix!.code}`, run: stones({ code: prefix!.code }) },
        { name: 'stones: 5,000 deep', run: stones({ cursor: deepCursor }) },
        {
          name: 'moderation queue: first page',
          run: (db) => moderationQueue(db, QueueQuery.parse({}), { cursorKey, canViewPii: false }),
        },
        {
          name: 'moderation queue: one reason',
          run: (db) =>
            moderationQueue(db, QueueQuery.parse({ reason: 'harassment' }), { cursorKey, canViewPii: false }),
        },
        { name: 'teams: first page', run: (db) => listTeams(db, TeamsQuery.parse({}), { cursorKey }) },
        {
          name: 'teams: groups',
          run: (db) => listTeams(db, TeamsQuery.parse({ kind: 'group' }), { cursorKey }),
        },
        {
          name: 'teams: name search',
          run: (db) => listTeams(db, TeamsQuery.parse({ query: 'pair' }), { cursorKey }),
        },
      ];
      const { rows, targets, plans } = await timeCases(cases, {
        db: database.db,
        pool,
        targetP95Ms: TARGET_P95_MS,
        log,
      });
      for (const [name, list] of Object.entries(plans))
        for (const plan of list) log(`plan of ${name}:\n${plan}`);

      const [staff] = await database.sql.query<{ id: string }>(`SELECT id::text AS id FROM users LIMIT 1`);
      const context = {
        actor: { id: staff!.id, email: 'bench', role: 'super_admin' as const },
        requestId: null,
        ip: null,
      };
      const generateStart = now();
      await generateStones(database, context, { count: GENERATE, kind: 'stone' }, null);
      const generateMs = now() - generateStart;
      rows.push({ case: `Generate QR: ${int(GENERATE)} stones`, p50: ms(generateMs), p95: '', max: '' });
      targets.push({
        name: `Generate QR of ${int(GENERATE)}`,
        target: `≤ ${TARGET_GENERATE_MS} ms`,
        actual: ms(generateMs),
        pass: generateMs <= TARGET_GENERATE_MS,
      });
      return {
        tables: [{ title: 'Community (service calls on Postgres)', rows }],
        targets,
        data: {
          plans,
          stones: STONES,
          posts: POSTS,
          openFlags: OPEN_FLAGS,
          people: PEOPLE,
          rows,
          generateMs,
        },
      };
    } finally {
      await pool.end();
      await database.close();
    }
  },
};
